package io.realtime.bench.load;

import java.time.Duration;

/** The deliveries of one range of ticks, summed over the I/O threads. */
public final class Window {

    private final IoLoop[] loops;

    Window(IoLoop[] loops) {
        this.loops = loops;
    }

    /**
     * What was delivered.
     *
     * @param delivered ticks of the window received by following clients, each counted once per client
     * @param duplicates ticks of the window a client received again
     * @param latencies publish-to-receive times of the deliveries, in microseconds
     * @param wire bytes read from the network meanwhile, framing and compression included
     * @param reads reads from the network meanwhile
     * @param lag how late the I/O threads ran their lateness probe, in microseconds: a generator that is
     *     saturated runs late
     */
    public record Result(long delivered, long duplicates, Histogram latencies, long wire, long reads, Histogram lag) {}

    /**
     * Deliveries so far.
     *
     * @return the count
     */
    public long delivered() {
        long total = 0;
        for (IoLoop loop : loops) {
            total += loop.recorder.delivered.get();
        }
        return total;
    }

    /**
     * Waits until {@code expected} deliveries have come, for as long as they keep coming: a slow server is given
     * the time it needs (up to {@code cap}), a server that stopped delivering is given {@code quiet} more.
     *
     * @param expected deliveries to wait for
     * @param quiet the longest wait without a new delivery
     * @param cap the longest wait in all
     * @return whether they all came
     * @throws InterruptedException if interrupted
     */
    public boolean await(long expected, Duration quiet, Duration cap) throws InterruptedException {
        long now = System.nanoTime();
        long end = now + cap.toNanos();
        long stillUntil = now + quiet.toNanos();
        long seen = delivered();
        while (seen < expected) {
            now = System.nanoTime();
            if (now > end || now > stillUntil) {
                return false;
            }
            Thread.sleep(5);
            long count = delivered();
            if (count > seen) {
                seen = count;
                stillUntil = System.nanoTime() + quiet.toNanos();
            }
        }
        return true;
    }

    /**
     * The counts and latencies so far, read on each I/O thread.
     *
     * @return the result
     */
    public Result result() {
        Histogram latencies = new Histogram();
        Histogram lag = new Histogram();
        long delivered = 0;
        long duplicates = 0;
        long wire = 0;
        long reads = 0;
        for (IoLoop loop : loops) {
            long[] counts = loop.call(() -> {
                        latencies.add(loop.recorder.latencies);
                        lag.add(loop.lag);
                        return new long[] {
                            loop.recorder.delivered.get(),
                            loop.recorder.duplicates,
                            loop.recorder.wire,
                            loop.recorder.reads
                        };
                    })
                    .join();
            delivered += counts[0];
            duplicates += counts[1];
            wire += counts[2];
            reads += counts[3];
        }
        return new Result(delivered, duplicates, latencies, wire, reads, lag);
    }
}
