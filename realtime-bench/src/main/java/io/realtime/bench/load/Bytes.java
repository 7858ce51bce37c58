package io.realtime.bench.load;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A growable byte buffer for one connection's unparsed input: bytes between {@link #start} and {@link #end} are
 * pending. Parsers read in place and advance {@link #start}. Not thread-safe: one I/O thread owns it.
 */
final class Bytes {

    byte[] data;
    int start;
    int end;

    Bytes(int capacity) {
        data = new byte[capacity];
    }

    int length() {
        return end - start;
    }

    void append(ByteBuffer source) {
        reserve(source.remaining());
        int n = source.remaining();
        source.get(data, end, n);
        end += n;
    }

    void append(byte[] source, int from, int to) {
        reserve(to - from);
        System.arraycopy(source, from, data, end, to - from);
        end += to - from;
    }

    void clear() {
        start = 0;
        end = 0;
    }

    /** The index of {@code needle} in the pending bytes at or after {@code from}, or -1. */
    int indexOf(byte[] needle, int from) {
        return indexOf(data, needle, from, end);
    }

    String ascii(int from, int to) {
        return new String(data, from, to - from, StandardCharsets.ISO_8859_1);
    }

    static int indexOf(byte[] data, byte[] needle, int from, int to) {
        byte first = needle[0];
        outer:
        for (int i = from, last = to - needle.length; i <= last; i++) {
            if (data[i] != first) {
                continue;
            }
            for (int j = 1; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    void reserve(int more) {
        if (end + more <= data.length) {
            return;
        }
        int pending = end - start;
        if (start > 0 && pending + more <= data.length) {
            System.arraycopy(data, start, data, 0, pending);
        } else {
            byte[] bigger = new byte[Math.max(data.length * 2, pending + more)];
            System.arraycopy(data, start, bigger, 0, pending);
            data = bigger;
        }
        start = 0;
        end = pending;
    }

    @Override
    public String toString() {
        return ascii(start, Math.min(end, start + 200)) + (length() > 200 ? "..." : "");
    }
}
