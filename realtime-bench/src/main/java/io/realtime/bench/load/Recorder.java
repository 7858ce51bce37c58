package io.realtime.bench.load;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one I/O thread's clients received within the current window of sequence numbers: deliveries (a tick
 * whose number is in the window and above the client's last one), duplicates, and latencies. Written by the
 * I/O thread alone; {@link #delivered} is read by the driver while it waits.
 */
final class Recorder {

    private static final byte[] SEQ = "\"seq\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SENT = "\"sent\":".getBytes(StandardCharsets.US_ASCII);

    final AtomicLong delivered = new AtomicLong();
    long duplicates;
    /** Bytes read from the network, framing and compression included. */
    long wire;
    /** Reads from the network that returned bytes: how many deliveries a read carries says how the server batches. */
    long reads;

    Histogram latencies = new Histogram();
    private long from = Long.MAX_VALUE;
    private long to = Long.MIN_VALUE;

    /** Starts a new window; called on the I/O thread. */
    void window(long first, long last) {
        from = first;
        to = last;
        delivered.set(0);
        duplicates = 0;
        wire = 0;
        reads = 0;
        latencies = new Histogram();
    }

    /**
     * Finds every {@code "seq":n ... "sent":t} in {@code data[start, end)} and records it for the client.
     *
     * @param now when these bytes were read, in microseconds
     */
    void scan(Client client, byte[] data, int start, int end, long now) {
        int i = start;
        while ((i = Bytes.indexOf(data, SEQ, i, end)) >= 0) {
            i += SEQ.length;
            long seq = 0;
            while (i < end && data[i] >= '0' && data[i] <= '9') {
                seq = seq * 10 + (data[i++] - '0');
            }
            int j = Bytes.indexOf(data, SENT, i, end);
            if (j < 0) {
                return;
            }
            j += SENT.length;
            long sent = 0;
            while (j < end && data[j] >= '0' && data[j] <= '9') {
                sent = sent * 10 + (data[j++] - '0');
            }
            tick(client, seq, sent, now);
            i = j;
        }
    }

    private void tick(Client client, long seq, long sent, long now) {
        if (seq <= client.lastSeq) {
            if (seq >= from && seq <= to) {
                duplicates++;
            }
            return;
        }
        client.lastSeq = seq;
        if (client.stalled) {
            return;
        }
        if (seq >= from && seq <= to && client.counted) {
            delivered.incrementAndGet();
            latencies.record(now - sent);
        }
        client.owner.received(client, sent, now);
    }
}
