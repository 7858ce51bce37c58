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
     */
    public record Result(long delivered, long duplicates, Histogram latencies) {}

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
     * Waits until {@code expected} deliveries have come, or the timeout passes.
     *
     * @param expected deliveries to wait for
     * @param timeout the longest wait
     * @return whether they all came
     * @throws InterruptedException if interrupted
     */
    public boolean await(long expected, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (delivered() < expected) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(5);
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
        long delivered = 0;
        long duplicates = 0;
        for (IoLoop loop : loops) {
            long[] counts = loop.call(() -> {
                        latencies.add(loop.recorder.latencies);
                        return new long[] {loop.recorder.delivered.get(), loop.recorder.duplicates};
                    })
                    .join();
            delivered += counts[0];
            duplicates += counts[1];
        }
        return new Result(delivered, duplicates, latencies);
    }
}
