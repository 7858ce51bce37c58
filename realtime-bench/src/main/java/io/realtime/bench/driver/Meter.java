package io.realtime.bench.driver;

import io.realtime.bench.load.LoadGenerator;

/**
 * CPU time of the system under test and of the load generator over a measurement, from snapshots taken before
 * and after it: process CPU time on both sides (the server JVMs and Redis; the generator's JVM), and each of the
 * generator's I/O threads, whose busiest one says whether the generator kept up.
 */
final class Meter {

    private final Target target;
    private final LoadGenerator load;

    Meter(Target target, LoadGenerator load) {
        this.target = target;
        this.load = load;
    }

    /** A point in time. */
    record Snapshot(long wall, long server, long load, long[] io) {}

    /**
     * What a measurement cost.
     *
     * @param seconds wall-clock time
     * @param serverNanos CPU time of the system under test
     * @param loadNanos CPU time of the load generator's process
     * @param busiest the busiest I/O thread's CPU time over the wall-clock time: near 1, the generator was the
     *     bottleneck
     */
    record Usage(double seconds, long serverNanos, long loadNanos, double busiest) {}

    Snapshot now() {
        return new Snapshot(
                System.nanoTime(), target.cpuNanos(), LoadGenerator.processCpuNanos(), load.ioThreadCpuNanos());
    }

    Usage since(Snapshot start) {
        Snapshot end = now();
        long wall = Math.max(1, end.wall() - start.wall());
        double busiest = 0;
        for (int i = 0; i < end.io().length; i++) {
            busiest = Math.max(busiest, (double) (end.io()[i] - start.io()[i]) / wall);
        }
        return new Usage(wall / 1e9, end.server() - start.server(), end.load() - start.load(), busiest);
    }
}
