package io.realtime.bench.driver;

import io.realtime.bench.load.Histogram;
import io.realtime.bench.load.Window;

/**
 * One measurement: the deliveries of a window of ticks, their latencies, and what they cost.
 *
 * @param result what the clients received
 * @param expected the deliveries there should have been
 * @param usage the CPU time spent meanwhile
 * @param problem the first problem the clients saw, or {@code null}
 */
record Measured(Window.Result result, long expected, Meter.Usage usage, String problem) {

    /** The busiest I/O thread's share of a core over which the generator counts as saturated. */
    static final double SATURATED_BUSY = 0.9;

    /** The lateness of the generator's I/O threads (p99) over which it counts as saturated, in microseconds. */
    static final long SATURATED_LAG_MICROS = 50_000;

    Measured withProblem(String clientsProblem) {
        return new Measured(result, expected, usage, problem != null ? problem : clientsProblem);
    }

    Histogram latencies() {
        return result.latencies();
    }

    long delivered() {
        return result.delivered();
    }

    double fraction() {
        return expected == 0 ? 1 : (double) delivered() / expected;
    }

    /** Deliveries per second of wall-clock time. */
    double rate() {
        return delivered() / usage.seconds();
    }

    /** Whether the load generator, rather than the server, may have set the pace. */
    boolean saturated() {
        return usage.busiest() >= SATURATED_BUSY || result.lag().percentile(0.99) >= SATURATED_LAG_MICROS;
    }

    /**
     * Records the latencies, the deliveries, the CPU time per delivery of both sides and the generator's load
     * under {@code prefix} and {@code at} ({@code latency} and {@code @1000} give {@code latency.p99@1000}...), and
     * notes a saturated generator.
     */
    void record(Figures figures, String prefix, String at) {
        Histogram latencies = latencies();
        figures.put(prefix + ".p50" + at, millis(latencies.percentile(0.50)));
        figures.put(prefix + ".p95" + at, millis(latencies.percentile(0.95)));
        figures.put(prefix + ".p99" + at, millis(latencies.percentile(0.99)));
        figures.put(prefix + ".max" + at, millis(latencies.max()));
        figures.put(prefix + ".delivered" + at, fraction());
        figures.put(prefix + ".dps" + at, rate());
        if (delivered() > 0) {
            figures.put(prefix + ".cpu" + at, usage.serverNanos() / 1e3 / delivered());
            figures.put(prefix + ".loadcpu" + at, usage.loadNanos() / 1e3 / delivered());
            figures.put(prefix + ".wire" + at, (double) result.wire() / delivered());
            figures.put(prefix + ".perread" + at, (double) delivered() / Math.max(1, result.reads()));
        }
        figures.put(prefix + ".busiest" + at, usage.busiest());
        figures.put(prefix + ".lag" + at, millis(result.lag().percentile(0.99)));
        if (saturated()) {
            figures.put(prefix + ".saturated" + at, 1);
            figures.note(String.format(
                    java.util.Locale.ROOT,
                    "%s%s: the load generator was saturated (busiest I/O thread %.0f%% of a core, its lateness p99"
                            + " %.1f ms): the figures may be the generator's",
                    prefix,
                    at,
                    usage.busiest() * 100,
                    millis(result.lag().percentile(0.99))));
        }
    }

    /**
     * Fails {@code scenario} unless every expected delivery came and there was at least one: an empty
     * measurement is an error, never a figure of zero.
     */
    boolean check(Figures figures, String scenario, String what) {
        if (expected == 0 || latencies().count() == 0) {
            figures.failed(
                    scenario,
                    what + ": nothing was measured (" + delivered() + " of " + expected + " deliveries"
                            + (problem == null ? "" : ", " + problem) + ")");
            return false;
        }
        if (delivered() < expected) {
            figures.lost(
                    scenario,
                    what + ": " + delivered() + " of " + expected + " deliveries"
                            + (problem == null ? "" : " (" + problem + ")"));
            return false;
        }
        return true;
    }

    static double millis(long micros) {
        return micros / 1000.0;
    }
}
