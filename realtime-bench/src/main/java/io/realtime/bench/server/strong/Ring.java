package io.realtime.bench.server.strong;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A topic's newest {@link #CAPACITY} frames, shared by all its subscribers: each connection keeps only the offset
 * of the next frame it needs. One thread appends (publishes to a topic are serialised); any thread reads. A slot
 * is written before the head that makes it visible, and a reader that finds a slot already overwritten by a newer
 * frame has fallen out of the ring.
 */
final class Ring {

    /** Frames kept: about the library's history of 1,000 events. */
    static final int CAPACITY = 1024;

    private static final int MASK = CAPACITY - 1;

    private final Frame[] slots = new Frame[CAPACITY];
    private volatile long head; // the offset of the newest frame, 0 before the first

    /** Appends the next frame; called by one thread at a time. */
    Frame append(String json) {
        Frame frame = Frame.of(head + 1, json);
        slots[(int) (frame.offset() & MASK)] = frame;
        head = frame.offset();
        return frame;
    }

    long head() {
        return head;
    }

    /** The oldest offset still held (1 while the ring has not yet wrapped). */
    long oldest() {
        return Math.max(1, head - CAPACITY + 2); // one slot of slack for a writer overwriting the oldest now
    }

    /** The frame at {@code offset}, or {@code null} when it has left the ring (or is not published yet). */
    Frame at(long offset) {
        Frame frame = slots[(int) (offset & MASK)];
        return frame != null && frame.offset() == offset ? frame : null;
    }

    /**
     * The offset to continue after for a client that says it has everything up to {@code cursor}: the cursor
     * itself when the ring still holds what follows it, else the head (the client starts from now).
     */
    long resume(long cursor) {
        long newest = head;
        return cursor >= oldest() - 1 && cursor <= newest ? cursor : newest;
    }

    /**
     * A long-poll answer: every frame after {@code cursor} up to the head, all of them (no cap below the ring's
     * size); {@code null} when there is nothing after it; the start answer (the head, no events) when the cursor
     * is unknown or has left the ring.
     */
    byte[] answer(long cursor) {
        long newest = head;
        if (cursor == newest) {
            return null;
        }
        if (cursor < oldest() - 1 || cursor > newest) {
            return start(newest);
        }
        Frame last = at(newest);
        if (cursor == newest - 1 && last != null) {
            return last.answer();
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream(64 + (int) (newest - cursor) * 160);
        body.writeBytes(("{\"cursor\":\"" + newest + "\",\"events\":[").getBytes(StandardCharsets.US_ASCII));
        for (long offset = cursor + 1; offset <= newest; offset++) {
            Frame frame = at(offset);
            if (frame == null) {
                return start(newest); // overwritten while reading: the client starts from now
            }
            if (offset > cursor + 1) {
                body.write(',');
            }
            body.writeBytes(frame.json());
        }
        body.writeBytes("]}".getBytes(StandardCharsets.US_ASCII));
        return body.toByteArray();
    }

    private static byte[] start(long head) {
        return ("{\"cursor\":\"" + head + "\",\"events\":[]}").getBytes(StandardCharsets.US_ASCII);
    }
}
