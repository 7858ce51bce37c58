package io.realtime.bench.driver;

import io.realtime.bench.load.Churn;
import io.realtime.bench.load.FirstEvents;
import io.realtime.bench.load.Group;
import io.realtime.bench.load.Histogram;
import io.realtime.bench.load.Ping;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Clients arriving: connect churn, a reconnect storm, and new clients' first event while others are served.
 * Figures:
 * <ul>
 *   <li>{@code churn.rate} (connections per second), {@code churn.failed}, {@code churn.left} (subscribers the
 *       server still holds afterwards), {@code churn.heap} (bytes of heap growth), {@code churn.threads};
 *   <li>{@code storm.seconds}: from the moment every departed client starts to come back, resuming from its
 *       position, until every one has received every tick it missed; {@code storm.ping.p50}, {@code .p99}: a
 *       plain request's answer time meanwhile (ms); {@code storm.cpu}, {@code storm.loadcpu} (µs per delivery);
 *   <li>{@code first.open.p50}, {@code .p99}: connect to open (ms); {@code first.event.p50}, {@code .p99}: to the
 *       first tick (ms), while the ladder's first count of subscribers receives broadcasts at its rate.
 * </ul>
 */
final class Arrivals {

    private final Stage stage;

    Arrivals(Stage stage) {
        this.stage = stage;
    }

    void churn() throws InterruptedException {
        Plan.ChurnPlan plan = stage.plan.churn();
        ServerProcess.Stats before = stage.memory();
        Churn.Result result = stage.load.churn(stage.transport, stage.dialect, plan.concurrency(), plan.time());
        int left = stage.sweep("churn");
        ServerProcess.Stats after = stage.memory();
        Figures figures = stage.figures;
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
        stage.log.line(
                "    churn: %,.0f connections/s, %d left, heap %+,d KiB%s",
                result.rate(),
                left,
                (after.heap() - before.heap()) / 1024,
                figures.failed("churn.rate") ? "  FAILED" : "");
    }

    /**
     * Every client leaves at once, ticks are published meanwhile (enough for the server to notice departed
     * streams), and every client comes back at once resuming from its position; a variant that cannot resume
     * over the transport is not measured (its clients would miss the ticks).
     */
    void storm() throws InterruptedException {
        Plan.Storm plan = stage.plan.storm();
        if (!stage.dialect.resumes(stage.transport)) {
            stage.figures.note("storm: not measured, the " + stage.figures.variant() + " clients cannot resume over "
                    + stage.transport.label());
            return;
        }
        try (Group group = stage.group().connecting(plan.connecting()).build()) {
            if (!stage.open(group, plan.clients(), "storm")) {
                return;
            }
            Measured before = stage.broadcast(group, 1, 0, stage.plan.size()); // every client has a position
            if (!before.check(stage.figures, "storm", "the broadcast before the clients leave")) {
                return;
            }
            long first = stage.target.seq() + 1;
            int away = group.departAll();
            stage.target.publish(plan.missed(), 0, stage.plan.size());
            stage.settleAt(0);
            long last = stage.target.seq();
            int missed = (int) (last - first + 1);
            io.realtime.bench.load.Window window = stage.load.window(first, last);
            try (Ping ping = stage.load.ping(stage.dialect, plan.ping())) {
                Meter.Snapshot start = stage.meter.now();
                Group.Outcome outcome = group.resumeAll(Duration.ofSeconds(30 + away / 200));
                window.await((long) away * missed, stage.plan.patience(), stage.plan.cap());
                Meter.Usage usage = stage.meter.since(start);
                Histogram pings = ping.times();
                Measured measured = new Measured(window.result(), (long) away * missed, usage, outcome.problem());
                stage.figures.put("storm.seconds", usage.seconds());
                stage.figures.put("storm.ping.p50", Measured.millis(pings.percentile(0.5)));
                stage.figures.put("storm.ping.p99", Measured.millis(pings.percentile(0.99)));
                stage.figures.put("storm.cpu", usage.serverNanos() / 1e3 / Math.max(1, measured.delivered()));
                stage.figures.put("storm.loadcpu", usage.loadNanos() / 1e3 / Math.max(1, measured.delivered()));
                stage.figures.put("storm.delivered", measured.fraction());
                if (outcome.open() < away) {
                    stage.figures.failed("storm", outcome.open() + " of " + away + " clients came back");
                } else {
                    measured.check(stage.figures, "storm", "the resumed clients' missed ticks");
                }
                stage.log.line(
                        "    storm: %d clients resumed %d ticks each in %.2f s, ping p99 %.1f ms%s",
                        away,
                        missed,
                        usage.seconds(),
                        Measured.millis(pings.percentile(0.99)),
                        stage.figures.failed("storm.seconds") ? "  FAILED" : "");
            }
        } finally {
            stage.sweep("storm");
        }
    }

    /**
     * New clients, one after another in a few chains, while the background clients receive broadcasts: the
     * probes run on the generator's threads while this thread publishes, half a second of ticks at a time, until
     * they are done.
     */
    void firstEvents() throws InterruptedException {
        Plan.First plan = stage.plan.first();
        try (Group background = stage.group().build()) {
            if (!stage.open(background, plan.background(), "first")) {
                return;
            }
            double rate = stage.plan.rate(stage.transport, plan.background());
            int chunk = (int) Math.max(1, Math.round(rate / 2));
            CompletableFuture<FirstEvents.Result> probes = new CompletableFuture<>();
            Thread prober = new Thread(
                    () -> {
                        try {
                            probes.complete(stage.load.firstEvents(
                                    stage.transport,
                                    stage.dialect,
                                    plan.probes(),
                                    plan.concurrency(),
                                    stage.plan.cap()));
                        } catch (InterruptedException | RuntimeException e) {
                            probes.completeExceptionally(e);
                        }
                    },
                    "first-events");
            prober.setDaemon(true);
            prober.start();
            while (!probes.isDone()) {
                stage.target.publish(chunk, rate, stage.plan.size());
            }
            FirstEvents.Result result;
            try {
                result = probes.get();
            } catch (ExecutionException e) {
                stage.figures.failed("first", "the probes stopped: " + e.getCause());
                return;
            }
            record(result, plan.probes());
        } finally {
            stage.sweep("first");
        }
    }

    private void record(FirstEvents.Result result, int probes) {
        Figures figures = stage.figures;
        figures.put("first.open.p50", Measured.millis(result.open().percentile(0.5)));
        figures.put("first.open.p99", Measured.millis(result.open().percentile(0.99)));
        figures.put("first.event.p50", Measured.millis(result.first().percentile(0.5)));
        figures.put("first.event.p99", Measured.millis(result.first().percentile(0.99)));
        if (result.failed() > 0 || result.first().count() < probes) {
            String text = result.first().count() + " of " + probes + " probes received a tick"
                    + (result.problem() == null ? "" : " (" + result.problem() + ")");
            if (result.waiting()) {
                figures.lost("first", text); // connected and never sent a tick: deliveries lost
            } else {
                figures.failed("first", text);
            }
        }
        stage.log.line(
                "    first event: open p99 %.1f ms, first tick p50 %.1f ms, p99 %.1f ms%s",
                Measured.millis(result.open().percentile(0.99)),
                Measured.millis(result.first().percentile(0.5)),
                Measured.millis(result.first().percentile(0.99)),
                figures.failed("first.open.p50") ? "  FAILED" : "");
    }
}
