package io.realtime.bench.driver;

import io.realtime.bench.load.Group;

/**
 * Ticks faster than a subscriber would see them in a quiet application: a back-to-back burst (deliveries per
 * second, and CPU time per delivery on both sides), a sweep of sustained rates (the highest rate whose p99 stays
 * within the bound with nothing lost), and a burst per message size. Figures:
 * <ul>
 *   <li>{@code throughput} (deliveries per second), {@code throughput.cpu}, {@code throughput.loadcpu} (µs per
 *       delivery), {@code throughput.delivered}, {@code throughput.busiest};
 *   <li>{@code sweep.p99@r}, {@code sweep.dps@r}, {@code sweep.cpu@r}... per rate {@code r} (broadcasts per
 *       second), and {@code sweep.sustained} (deliveries per second at the highest rate sustained, 0 if none);
 *   <li>{@code size.dps@s}, {@code size.mbps@s} (payload MB/s), {@code size.cpu@s}... per size {@code s} in bytes.
 * </ul>
 */
final class Bursts {

    private final Stage stage;

    Bursts(Stage stage) {
        this.stage = stage;
    }

    void throughput() throws InterruptedException {
        Plan.Burst plan = stage.plan.burst();
        try (Group group = stage.group().build()) {
            if (!stage.open(group, plan.clients(), "throughput")) {
                return;
            }
            Measured measured = stage.publish(
                    plan.ticks(), 0, stage.plan.size(), 0, group.following(), stage.plan.burstCap(), null);
            measured.record(stage.figures, "throughput", "");
            stage.figures.put("throughput", measured.rate());
            boolean complete = measured.check(stage.figures, "throughput", "the burst");
            stage.log.line(
                    "    throughput: %,.0f deliveries/s, server %.2f µs and generator %.2f µs per delivery, %.0f bytes and"
                            + " %.1f deliveries per read%s",
                    measured.rate(),
                    stage.figures.values().getOrDefault("throughput.cpu", 0.0),
                    stage.figures.values().getOrDefault("throughput.loadcpu", 0.0),
                    stage.figures.values().getOrDefault("throughput.wire", 0.0),
                    stage.figures.values().getOrDefault("throughput.perread", 0.0),
                    complete ? "" : "  FAILED");
        } finally {
            stage.sweep("throughput");
        }
    }

    /**
     * Rates in ascending order, each for at least the plan's number of broadcasts and its shortest time; it stops
     * at the first rate not sustained (a delivery missing, or p99 beyond the bound). Not sustaining a rate is a
     * result, not a failure; clients the server closed for being slow are replaced before the next step.
     */
    void sweep() throws InterruptedException {
        Plan.Sweep plan = stage.plan.sweep();
        double sustained = 0;
        try (Group group = stage.group().build()) {
            for (int rate : plan.rates()) {
                if (!stage.open(group, plan.clients(), "sweep")) {
                    return;
                }
                int broadcasts = (int) Math.max(
                        plan.broadcasts(), Math.ceil(rate * plan.shortest().toMillis() / 1e3));
                Measured measured = stage.broadcast(group, broadcasts, rate, stage.plan.size());
                measured.record(stage.figures, "sweep", "@" + rate);
                boolean kept = measured.delivered() >= measured.expected()
                        && measured.latencies().percentile(0.99)
                                <= stage.plan.p95Bound().toNanos() / 1_000;
                stage.log.line(
                        "    sweep %5d/s: %,.0f deliveries/s, p99 %.1f ms, server %.2f µs/delivery%s",
                        rate,
                        measured.rate(),
                        Measured.millis(measured.latencies().percentile(0.99)),
                        measured.usage().serverNanos() / 1e3 / Math.max(1, measured.delivered()),
                        kept ? "" : "  not sustained");
                if (!kept) {
                    break;
                }
                sustained = (double) rate * group.following();
                if (group.following() < group.size()) {
                    group.shrink(0); // replaced at the next step
                    stage.settleAt(0);
                }
            }
        } finally {
            stage.figures.put("sweep.sustained", sustained);
            stage.sweep("sweep");
        }
    }

    /** A burst per payload size: each client receives about the plan's bytes, in 5 to the burst's ticks. */
    void sizes() throws InterruptedException {
        Plan.Sizes plan = stage.plan.sizes();
        try (Group group = stage.group().build()) {
            if (!stage.open(group, plan.clients(), "size")) {
                return;
            }
            for (int size : plan.sizes()) {
                int ticks = Math.max(5, Math.min(stage.plan.burst().ticks(), plan.bytesPerClient() / size));
                Measured measured =
                        stage.publish(ticks, 0, size, 0, group.following(), stage.plan.burstCap(), group.problem());
                measured.record(stage.figures, "size", "@" + size);
                stage.figures.put("size.mbps@" + size, measured.rate() * size / 1e6);
                // Every size is measured even after one lost deliveries: each has its own figures.
                boolean complete = measured.check(stage.figures, "size@" + size, "the burst of " + size + " bytes");
                stage.log.line(
                        "    %6d bytes: %,.0f deliveries/s, %.1f MB/s, server %.2f µs/delivery%s",
                        size,
                        measured.rate(),
                        measured.rate() * size / 1e6,
                        measured.usage().serverNanos() / 1e3 / Math.max(1, measured.delivered()),
                        complete ? "" : "  FAILED");
            }
        } finally {
            stage.sweep("size");
        }
    }
}
