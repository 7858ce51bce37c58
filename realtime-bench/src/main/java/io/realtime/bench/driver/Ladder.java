package io.realtime.bench.driver;

import io.realtime.bench.load.Group;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Growing subscriber counts on one topic: idle memory per connection at the plan's idle counts, latency (and its
 * CPU cost) at its latency counts, then capacity, by bisection between the largest count whose p95 was within
 * the bound and the smallest that was not. Figures, per count {@code n}:
 * <ul>
 *   <li>{@code idle.heap@n}, {@code idle.direct@n}, {@code idle.rss@n}: bytes per connection over the idle
 *       baseline, after full collections;
 *   <li>{@code latency.p50@n} ... {@code latency.max@n} (ms), {@code latency.delivered@n}, {@code latency.cpu@n}
 *       and {@code latency.loadcpu@n} (µs per delivery), {@code latency.hz@n} and {@code latency.broadcasts@n}
 *       (the window);
 *   <li>{@code capacity}: the largest count found within the bound, {@code capacity.upper}: the smallest beyond
 *       it (0 when none was found up to the limit).
 * </ul>
 */
final class Ladder {

    private final Stage stage;
    private final Plan.Ladder plan;
    private final TreeMap<Integer, Boolean> within = new TreeMap<>();
    private ServerProcess.Stats baseline;

    Ladder(Stage stage) {
        this.stage = stage;
        this.plan = stage.plan.ladder();
    }

    void run(ServerProcess.Stats idleBaseline) throws InterruptedException {
        baseline = idleBaseline;
        TreeSet<Integer> counts = new TreeSet<>(plan.idle());
        counts.addAll(plan.latency());
        try (Group group = stage.group().build()) {
            for (int count : counts) {
                if (!stage.open(group, count, "latency@" + count)) {
                    plan.idle().stream()
                            .filter(n -> n >= count)
                            .forEach(n -> stage.figures.failed("idle@" + n, "not every client connected"));
                    stage.figures.failed("capacity", "not every client connected at " + count);
                    return;
                }
                if (plan.idle().contains(count)) {
                    idle(group, count);
                }
                if (plan.latency().contains(count)) {
                    latency(group, count);
                }
            }
            capacity(group);
        } finally {
            stage.sweep("ladder");
        }
    }

    /** Latency at one count alone (the two-node setup, whose other figures are not compared). */
    void latencyOnly(int count) throws InterruptedException {
        try (Group group = stage.group().build()) {
            if (stage.open(group, count, "latency@" + count)) {
                latency(group, count);
            }
        } finally {
            stage.sweep("ladder");
        }
    }

    /**
     * Idle memory once every client has received a broadcast, as real connections have: a container may keep
     * buffers once a connection has written (Jetty does), and a fresh connection would hide them.
     */
    private void idle(Group group, int count) throws InterruptedException {
        Measured first = stage.broadcast(group, 1, 0, stage.plan.size());
        first.check(stage.figures, "idle@" + count, "the broadcast before measuring idle memory at " + count);
        ServerProcess.Stats idle = stage.memory();
        stage.figures.put("idle.heap@" + count, (double) (idle.heap() - baseline.heap()) / count);
        stage.figures.put("idle.direct@" + count, (double) (idle.direct() - baseline.direct()) / count);
        stage.figures.put("idle.rss@" + count, (double) (idle.rss() - baseline.rss()) / count);
    }

    private void latency(Group group, int count) throws InterruptedException {
        double rate = stage.plan.rate(stage.transport, count);
        int broadcasts = stage.plan.broadcasts(rate, plan.broadcasts());
        Measured measured = stage.broadcast(group, broadcasts, rate, stage.plan.size());
        String at = "@" + count;
        measured.record(stage.figures, "latency", at);
        stage.figures.put("latency.hz" + at, rate);
        stage.figures.put("latency.broadcasts" + at, broadcasts);
        boolean complete = measured.check(stage.figures, "latency" + at, "latency at " + count);
        within.put(count, complete && fast(measured));
        stage.log.line(
                "    %6d subscribers, %d broadcasts at %.1f/s: p50 %7.1f ms  p99 %7.1f ms  server %.2f µs/delivery%s",
                count,
                broadcasts,
                rate,
                Measured.millis(measured.latencies().percentile(0.5)),
                Measured.millis(measured.latencies().percentile(0.99)),
                measured.usage().serverNanos() / 1e3 / Math.max(1, measured.delivered()),
                complete ? "" : "  FAILED");
    }

    /**
     * Bisects (on a log scale) between the largest count within the bound and the smallest beyond it until they
     * are within the plan's precision; grows the largest count passed by doubling when none was beyond it, up to
     * the limit. A count with lost deliveries counts as beyond the bound.
     */
    private void capacity(Group group) throws InterruptedException {
        while (true) {
            int lo = within.entrySet().stream()
                    .filter(e -> e.getValue())
                    .mapToInt(e -> e.getKey())
                    .max()
                    .orElse(0);
            int hi = within.entrySet().stream()
                    .filter(e -> !e.getValue() && e.getKey() > lo)
                    .mapToInt(e -> e.getKey())
                    .min()
                    .orElse(0);
            int next;
            if (hi == 0) {
                next = Math.min(plan.capacityLimit(), Math.max(2 * lo, 1));
                if (next <= lo) {
                    record(lo, 0);
                    return;
                }
            } else if (hi <= lo * plan.precision() || hi <= 1) {
                record(lo, hi);
                return;
            } else {
                next = lo == 0 ? hi / 2 : (int) Math.round(Math.sqrt((double) lo * hi));
            }
            if (!step(group, next)) {
                record(lo, hi);
                stage.figures.failed("capacity", "not every client connected at " + next);
                return;
            }
        }
    }

    private boolean step(Group group, int count) throws InterruptedException {
        if (group.following() < group.size() || count < group.size()) {
            // Clients the server closed (too slow at the previous count) are replaced by fresh ones.
            group.shrink(group.following() < group.size() ? 0 : count);
            stage.settleAt(group.size());
        }
        if (!stage.open(group, count, "capacity")) {
            return false;
        }
        double rate = stage.plan.rate(stage.transport, count);
        Measured measured = stage.broadcast(group, plan.capacityBroadcasts(), rate, stage.plan.size());
        boolean complete = measured.delivered() >= measured.expected() && measured.expected() > 0;
        within.put(count, complete && fast(measured));
        stage.log.line(
                "    capacity step %6d: p95 %7.1f ms%s",
                count,
                Measured.millis(measured.latencies().percentile(0.95)),
                complete ? "" : ", " + measured.delivered() + " of " + measured.expected() + " delivered");
        return true;
    }

    private boolean fast(Measured measured) {
        return measured.latencies().percentile(0.95) <= stage.plan.p95Bound().toNanos() / 1_000;
    }

    private void record(int lo, int hi) {
        stage.figures.put("capacity", lo);
        stage.figures.put("capacity.upper", hi);
        stage.log.line("    capacity: %d%s", lo, hi == 0 ? " or more" : " (" + hi + " is beyond)");
    }

    static int max(List<Integer> values) {
        return values.stream().mapToInt(Integer::intValue).max().orElse(0);
    }
}
