package io.realtime.bench.driver;

import io.realtime.bench.load.Transport;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The scenarios of one transport against one system under test, in an order that leaves each one a quiet server:
 * a warm-up, then {@link Ladder} (idle memory, latency, capacity), {@link Bursts} (throughput, sustained rates,
 * message sizes), {@link Variations} (many topics, slow readers, permessage-deflate) and {@link Arrivals} (reconnect
 * storm, first event, connect churn, with a check that nothing is left behind). The two-node setup ({@code redis})
 * runs the latency at the ladder's first count, the burst and the rooms: what the backplane adds to a delivery.
 *
 * <p>A scenario fails ({@link Figures#lost}, {@link Figures#failed}) when a delivery it waited for did not come,
 * when nothing was measured, when clients could not connect or when the server still holds subscribers once the
 * clients have left; its figures are then not reported.
 */
final class Scenarios {

    /** Every scenario, by the name {@code --scenarios} takes. */
    static final List<String> ALL =
            List.of("ladder", "throughput", "sweep", "sizes", "rooms", "stall", "deflate", "storm", "first", "churn");

    private final Stage stage;
    private final Options options;

    Scenarios(Stage stage, Options options) {
        this.stage = stage;
        this.options = options;
    }

    /** Runs the scenarios; one that fails is recorded as such and the next one still runs. */
    void run() throws InterruptedException {
        ServerProcess.Stats baseline = warmUp();
        boolean twoNodes = stage.figures.variant().equals("redis");
        if (options.runs("ladder")) {
            if (twoNodes) {
                new Ladder(stage).latencyOnly(stage.plan.ladder().latency().get(0));
            } else {
                new Ladder(stage).run(baseline);
            }
        }
        Bursts bursts = new Bursts(stage);
        if (options.runs("throughput")) {
            bursts.throughput();
        }
        Variations variations = new Variations(stage);
        if (options.runs("rooms")) {
            variations.rooms();
        }
        if (twoNodes) {
            return;
        }
        if (options.runs("sweep")) {
            bursts.sweep();
        }
        if (options.runs("sizes")) {
            bursts.sizes();
        }
        if (options.runs("stall")) {
            variations.stall();
        }
        if (options.runs("deflate")) {
            variations.deflate();
        }
        Arrivals arrivals = new Arrivals(stage);
        if (options.runs("storm")) {
            arrivals.storm();
        }
        if (options.runs("first")) {
            arrivals.firstEvents();
        }
        if (options.runs("churn")) {
            arrivals.churn();
        }
    }

    /** Every figure the scenarios chosen should have produced, for {@link #requireEveryFigure}. */
    static List<String> required(Plan plan, Options options, String variant, Transport transport, boolean resumes) {
        List<String> required = new ArrayList<>();
        boolean twoNodes = variant.equals("redis");
        if (options.runs("ladder")) {
            if (twoNodes) {
                required.add("latency.p99@" + plan.ladder().latency().get(0));
            } else {
                plan.ladder().idle().forEach(n -> required.add("idle.heap@" + n));
                plan.ladder().latency().forEach(n -> required.add("latency.p99@" + n));
                required.add("capacity");
            }
        }
        if (options.runs("throughput")) {
            required.add("throughput");
        }
        if (options.runs("rooms")) {
            required.addAll(List.of("rooms.p99", "roomburst.dps"));
        }
        if (twoNodes) {
            return required;
        }
        if (options.runs("sweep")) {
            required.add("sweep.sustained");
        }
        if (options.runs("sizes")) {
            plan.sizes().sizes().forEach(size -> required.add("size.dps@" + size));
        }
        if (options.runs("stall")) {
            required.add("stall.p99");
        }
        if (options.runs("deflate") && transport == Transport.WEBSOCKET) {
            required.addAll(List.of("deflate.dps@off", "deflate.dps@on"));
        }
        if (options.runs("storm") && resumes) {
            required.add("storm.seconds");
        }
        if (options.runs("first")) {
            required.add("first.event.p99");
        }
        if (options.runs("churn")) {
            required.add("churn.rate");
        }
        return required;
    }

    /**
     * Fails every scenario whose figures are missing without a recorded reason (a run cut short by a server that
     * stopped answering, a scenario skipped after an earlier one failed), so that nothing is left blank silently.
     */
    static void requireEveryFigure(List<String> required, Figures figures) {
        for (String name : required) {
            if (!figures.values().containsKey(name)) {
                figures.failed(Figures.scenario(name), "not measured");
            }
        }
    }

    /**
     * Waits, for at most 2 s, until the JIT compilers have been idle for a quarter of a second: a saturated burst
     * leaves them a queue, which they work through far sooner on idle cores than beside the next burst. The
     * completeness check does not wait.
     *
     * @return the JIT compilers' time by then, in milliseconds
     */
    private long idleCompilers(long jit) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        long last = jit;
        while (last >= 0 && !stage.plan.check() && System.nanoTime() < deadline) {
            Thread.sleep(250);
            long now = stage.target.stats(false).jit();
            if (now == last) {
                break;
            }
            last = now;
        }
        return last;
    }

    private ServerProcess.Stats warmUp() throws InterruptedException {
        Plan.Warm plan = stage.plan.warm();
        try (io.realtime.bench.load.Group group = stage.group().build()) {
            if (stage.open(group, plan.clients(), "warm-up")) {
                for (int round = 1; ; round++) {
                    ServerProcess.Stats before = stage.target.stats(false);
                    Measured measured = stage.publish(
                            plan.ticks(),
                            0,
                            stage.plan.size(),
                            0,
                            group.following(),
                            stage.plan.cap(),
                            group.problem());
                    if (measured.delivered() < measured.expected()) {
                        stage.figures.lost(
                                "warm-up", measured.delivered() + " of " + measured.expected() + " deliveries");
                        break;
                    }
                    ServerProcess.Stats after = stage.target.stats(false);
                    long compiled = idleCompilers(after.jit()) - before.jit();
                    long cpu = Math.max(1, after.cpu() - before.cpu());
                    boolean settled = before.jit() >= 0 && compiled * 1e6 < plan.settled() * cpu;
                    if (settled || round >= plan.rounds()) {
                        if (!stage.plan.check()) {
                            stage.log.line(
                                    "    warm-up: %d bursts; the JIT compilers worked %,d ms during and after the"
                                            + " last, which took %,d ms of server CPU time%s",
                                    round, compiled, cpu / 1_000_000, settled ? "" : " (not settled)");
                        }
                        break;
                    }
                }
            }
        }
        stage.sweep("warm-up");
        return stage.memory();
    }
}
