package io.realtime.bench.driver;

import io.realtime.bench.load.Churn;
import io.realtime.bench.load.Dialect;
import io.realtime.bench.load.Group;
import io.realtime.bench.load.Histogram;
import io.realtime.bench.load.LoadGenerator;
import io.realtime.bench.load.Transport;
import io.realtime.bench.load.Window;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The six scenarios of one transport against one running server, in an order that reuses connections: a
 * warm-up, then a ladder of growing subscriber counts (idle memory, latency, capacity), back-to-back
 * throughput, slow readers, and connect churn with a check that nothing is left behind. The figures it
 * records, per count {@code n} where it applies:
 * <ul>
 *   <li>{@code idle.heap@n}, {@code idle.direct@n}: bytes per connection over the idle baseline, after full
 *       collections;
 *   <li>{@code latency.p50@n}, {@code .p95}, {@code .p99}, {@code .max} (ms) and {@code latency.delivered@n}
 *       (fraction of the expected deliveries), at {@link Plan#rate()} broadcasts per second;
 *   <li>{@code capacity}: the largest count before p95 first exceeds {@link Plan#p95Bound()};
 *   <li>{@code throughput} (deliveries per second) and {@code throughput.delivered};
 *   <li>{@code stall.p99} (ms, healthy clients), {@code stall.delivered}, {@code stall.heap} (bytes of heap
 *       growth while 1% of clients did not read);
 *   <li>{@code churn.rate} (connections per second), {@code churn.failed}, {@code churn.left} (subscribers the
 *       server still holds afterwards), {@code churn.heap} (bytes of heap growth), {@code churn.threads}.
 * </ul>
 * A scenario fails ({@link Figures#lost}, {@link Figures#failed}) when a delivery it waited for did not come,
 * when nothing was measured, when clients could not connect or when the server still holds subscribers once
 * the clients have left; its figures are then not reported.
 */
final class Scenarios {

    private final ServerProcess server;
    private final LoadGenerator load;
    private final Plan plan;
    private final Transport transport;
    private final Dialect dialect;
    private final Figures figures;
    private final Log log;
    private ServerProcess.Stats baseline;

    Scenarios(
            ServerProcess server,
            LoadGenerator load,
            Plan plan,
            Transport transport,
            Dialect dialect,
            Figures figures,
            Log log) {
        this.server = server;
        this.load = load;
        this.plan = plan;
        this.transport = transport;
        this.dialect = dialect;
        this.figures = figures;
        this.log = log;
    }

    /** Runs every scenario; a scenario that fails is recorded as such and the next one still runs. */
    void run() throws InterruptedException {
        warmUp();
        ladder();
        throughput();
        stall();
        churn();
    }

    /**
     * Fails every scenario whose figures are missing without a recorded reason (a run cut short by a server that
     * stopped answering, a scenario skipped after an earlier one failed), so that nothing is left blank silently.
     */
    static void requireEveryFigure(Plan plan, Figures figures) {
        List<String> required = new ArrayList<>();
        plan.idle().forEach(n -> required.add("idle.heap@" + n));
        plan.latency().forEach(n -> required.add("latency.p99@" + n));
        required.addAll(List.of("capacity", "throughput", "stall.p99", "churn.rate"));
        for (String name : required) {
            if (!figures.values().containsKey(name)) {
                figures.failed(Figures.scenario(name), "not measured");
            }
        }
    }

    private void warmUp() throws InterruptedException {
        try (Group group = load.group(transport, dialect)) {
            if (open(group, plan.warmClients(), "warm-up")) {
                long first = server.stats(false).seq() + 1;
                Window window = load.window(first, first + plan.warmTicks() - 1);
                server.publish(plan.warmTicks(), 0, plan.size());
                long expected = (long) group.following() * plan.warmTicks();
                if (!window.await(expected, plan.patience(), plan.cap())) {
                    figures.lost("warm-up", window.delivered() + " of " + expected + " deliveries");
                }
            }
        }
        sweep("warm-up");
        baseline = server.settled(plan.patience());
    }

    private void ladder() throws InterruptedException {
        int capacity = 0;
        boolean within = true;
        boolean known = true; // false once a count failed before p95 decided whether it is within the bound
        boolean lost = false; // whether that count failed because deliveries were lost
        int needed = Math.max(max(plan.idle()), max(plan.latency()));
        try (Group group = load.group(transport, dialect)) {
            for (int count : plan.ladder()) {
                if (count > needed && !within) {
                    break;
                }
                String scenario = "latency@" + count;
                if (!open(group, count, scenario)) {
                    if (plan.idle().contains(count)) {
                        figures.failed("idle@" + count, "not every client connected");
                    }
                    known = known && !within;
                    break;
                }
                if (plan.idle().contains(count)) {
                    idle(group, count);
                }
                Measured measured = broadcast(group, plan.latencyTime(), plan.size());
                Histogram latencies = measured.latencies();
                figures.put("latency.p50@" + count, millis(latencies.percentile(0.50)));
                figures.put("latency.p95@" + count, millis(latencies.percentile(0.95)));
                figures.put("latency.p99@" + count, millis(latencies.percentile(0.99)));
                figures.put("latency.max@" + count, millis(latencies.max()));
                figures.put("latency.delivered@" + count, measured.fraction());
                boolean complete = measured.check(figures, scenario, "latency at " + count);
                boolean fast = latencies.percentile(0.95) <= plan.p95Bound().toNanos() / 1_000;
                if (within && !complete) {
                    known = false;
                    lost = true;
                }
                within = within && fast && complete;
                if (within) {
                    capacity = count;
                }
                log.line(
                        "    %6d subscribers: p50 %7.1f ms  p99 %7.1f ms  delivered %.4f%s",
                        count,
                        millis(latencies.percentile(0.5)),
                        millis(latencies.percentile(0.99)),
                        measured.fraction(),
                        complete ? "" : "  FAILED");
            }
        }
        figures.put("capacity", capacity);
        if (!known && lost) {
            figures.lost("capacity", "deliveries were lost at a count before the p95 bound was reached");
        } else if (!known) {
            figures.failed("capacity", "a count failed before the p95 bound was reached; see its latency");
        }
        sweep("ladder");
    }

    /**
     * Idle memory once every client has received a broadcast, as real connections have: a container may keep
     * buffers once a connection has written (Jetty does), and a fresh connection would hide them.
     */
    private void idle(Group group, int count) throws InterruptedException {
        Measured first = broadcast(group, Duration.ZERO, plan.size());
        first.check(figures, "idle@" + count, "the broadcast before measuring idle memory at " + count);
        ServerProcess.Stats idle = server.settled(plan.patience());
        figures.put("idle.heap@" + count, (double) (idle.heap() - baseline.heap()) / count);
        figures.put("idle.direct@" + count, (double) (idle.direct() - baseline.direct()) / count);
    }

    private void throughput() throws InterruptedException {
        try (Group group = load.group(transport, dialect)) {
            if (!open(group, plan.throughputClients(), "throughput")) {
                return;
            }
            long expected = (long) group.following() * plan.burst();
            long first = server.stats(false).seq() + 1;
            Window window = load.window(first, first + plan.burst() - 1);
            long start = System.nanoTime();
            server.publish(plan.burst(), 0, plan.size());
            boolean complete = window.await(expected, plan.patience(), plan.burstCap());
            double seconds = (System.nanoTime() - start) / 1e9;
            long delivered = window.delivered();
            figures.put("throughput", delivered / seconds);
            figures.put("throughput.delivered", (double) delivered / expected);
            if (!complete) {
                figures.lost("throughput", delivered + " of " + expected + " deliveries");
            }
            log.line("    throughput: %,.0f deliveries/s%s", delivered / seconds, complete ? "" : "  FAILED");
        }
        sweep("throughput");
    }

    private void stall() throws InterruptedException {
        int slowCount = Math.max(1, plan.stallClients() / 100);
        try (Group healthy = load.group(transport, dialect);
                Group slow = load.group(transport, dialect, 4096)) {
            if (!open(healthy, plan.stallClients() - slowCount, "stall") || !open(slow, slowCount, "stall")) {
                return;
            }
            ServerProcess.Stats before = server.settled(plan.patience());
            slow.stall(slowCount);
            Measured measured = broadcast(healthy, plan.stallTime(), plan.stallSize());
            ServerProcess.Stats after = server.settled(plan.patience());
            figures.put("stall.p99", millis(measured.latencies().percentile(0.99)));
            figures.put("stall.delivered", measured.fraction());
            figures.put("stall.heap", after.heap() - before.heap());
            boolean complete = measured.check(figures, "stall", "healthy clients beside slow ones");
            log.line(
                    "    stalled: healthy p99 %.1f ms, heap %+,d KiB%s",
                    millis(measured.latencies().percentile(0.99)),
                    (after.heap() - before.heap()) / 1024,
                    complete ? "" : "  FAILED");
        }
        sweep("stall");
    }

    private void churn() throws InterruptedException {
        ServerProcess.Stats before = server.settled(plan.patience());
        Churn.Result result = load.churn(transport, dialect, plan.churnConcurrency(), plan.churnTime());
        int left = sweep("churn");
        ServerProcess.Stats after = server.settled(plan.patience());
        figures.put("churn.rate", result.rate());
        figures.put("churn.failed", result.failed());
        figures.put("churn.left", left);
        figures.put("churn.heap", after.heap() - before.heap());
        figures.put("churn.threads", after.threads() - before.threads());
        if (result.completed() == 0 || result.failed() > 0) {
            figures.failed(
                    "churn",
                    result.completed() + " connections, " + result.failed() + " failed"
                            + (result.problem() == null ? "" : " (" + result.problem() + ")"));
        }
        log.line(
                "    churn: %,.0f connections/s, %d left, heap %+,d KiB%s",
                result.rate(),
                left,
                (after.heap() - before.heap()) / 1024,
                figures.failed("churn.rate") ? "  FAILED" : "");
    }

    /**
     * Grows a group to {@code count} and waits until the server counts them all; false, with {@code scenario}
     * failed, when clients could not connect.
     */
    private boolean open(Group group, int count, String scenario) throws InterruptedException {
        Group.Outcome outcome = group.grow(count, Duration.ofSeconds(30 + count / 200));
        if (outcome.open() < count) {
            figures.failed(
                    scenario,
                    outcome.open() + " of " + count + " clients connected"
                            + (outcome.problem() == null ? "" : " (" + outcome.problem() + ")"));
            return false;
        }
        int seen = server.awaitSubscribers(count, plan.patience());
        if (seen < count) {
            // Measured all the same: the deliveries will show what the missing subscriptions cost.
            figures.note(scenario + ": the server counts " + seen + " of " + count + " subscribers");
        }
        return true;
    }

    /**
     * Broadcasts at the transport's rate for {@code time} (at least five broadcasts, one for
     * {@link Duration#ZERO}) and waits for every following client to receive them all.
     */
    private Measured broadcast(Group group, Duration time, int size) throws InterruptedException {
        double rate = plan.rate(transport);
        int count = time.isZero() ? 1 : (int) Math.max(5, Math.round(rate * time.toMillis() / 1000.0));
        long expected = (long) group.following() * count;
        long first = server.stats(false).seq() + 1;
        Window window = load.window(first, first + count - 1);
        server.publish(count, rate, size);
        window.await(expected, plan.patience(), plan.cap());
        Window.Result result = window.result();
        return new Measured(result.latencies(), result.delivered(), expected, group.problem());
    }

    /**
     * After clients left: broadcasts every 250 ms until the server holds no subscriber (containers notice a
     * departed stream only when a write to it fails, which may take two writes), for at most twice the plan's
     * patience; {@code scenario} fails if some stay.
     */
    private int sweep(String scenario) {
        long deadline = System.nanoTime() + plan.patience().multipliedBy(2).toNanos();
        int left;
        do {
            server.publish(1, 0, plan.size());
            left = server.awaitAtMost(0, Duration.ofMillis(250));
        } while (left > 0 && System.nanoTime() < deadline);
        if (left > 0) {
            figures.lost(scenario, "the server still holds " + left + " subscribers after the clients left");
        }
        return left;
    }

    private static double millis(long micros) {
        return micros / 1000.0;
    }

    private static int max(List<Integer> values) {
        return values.stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    private record Measured(Histogram latencies, long delivered, long expected, String problem) {
        double fraction() {
            return expected == 0 ? 1 : (double) delivered / expected;
        }

        /**
         * Fails {@code scenario} unless every expected delivery came and there was at least one: an empty
         * measurement is an error, never a figure of zero.
         */
        boolean check(Figures figures, String scenario, String what) {
            if (expected == 0 || latencies.count() == 0) {
                figures.failed(
                        scenario,
                        what + ": nothing was measured (" + delivered + " of " + expected + " deliveries"
                                + (problem == null ? "" : ", " + problem) + ")");
                return false;
            }
            if (delivered < expected) {
                figures.lost(
                        scenario,
                        what + ": " + delivered + " of " + expected + " deliveries"
                                + (problem == null ? "" : " (" + problem + ")"));
                return false;
            }
            return true;
        }
    }
}
