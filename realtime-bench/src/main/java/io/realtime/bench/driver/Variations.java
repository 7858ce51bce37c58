package io.realtime.bench.driver;

import io.realtime.bench.load.Group;
import io.realtime.bench.load.Transport;

/**
 * The same broadcast in other shapes: many topics with few subscribers each, slow readers beside healthy ones,
 * and WebSocket messages compressed with permessage-deflate. Figures:
 * <ul>
 *   <li>{@code rooms.p50}... {@code rooms.cpu} (the latency window, at the plan's rate over all rooms) and
 *       {@code roomburst.dps}, {@code roomburst.cpu}... (the same ticks back to back);
 *   <li>{@code stall.p99} (ms, healthy clients), {@code stall.delivered}, {@code stall.heap} (bytes of heap
 *       growth while 1% of clients did not read);
 *   <li>{@code deflate.heap@on}, {@code .direct}, {@code .rss} (bytes per connection over the idle baseline),
 *       {@code deflate.dps@on}, {@code deflate.cpu@on}..., {@code deflate.wire@on} (bytes read per delivery), and
 *       the same {@code @off}: WebSocket only.
 * </ul>
 */
final class Variations {

    private final Stage stage;

    Variations(Stage stage) {
        this.stage = stage;
    }

    void rooms() throws InterruptedException {
        Plan.RoomPlan plan = stage.plan.rooms();
        int clients = plan.rooms() * plan.members();
        stage.rooms = plan.rooms();
        try (Group group = stage.group().rooms(plan.rooms()).build()) {
            if (!stage.open(group, clients, "rooms")) {
                return;
            }
            Measured paced = stage.publish(
                    plan.ticks(), plan.rate(), stage.plan.size(), plan.rooms(), plan.members(), stage.plan.cap(), null);
            paced.withProblem(group.problem()).record(stage.figures, "rooms", "");
            boolean complete = paced.withProblem(group.problem()).check(stage.figures, "rooms", "the rooms' ticks");
            Measured burst = stage.publish(
                    plan.ticks(), 0, stage.plan.size(), plan.rooms(), plan.members(), stage.plan.burstCap(), null);
            burst.withProblem(group.problem()).record(stage.figures, "roomburst", "");
            complete &= burst.withProblem(group.problem()).check(stage.figures, "roomburst", "the rooms' burst");
            stage.log.line(
                    "    %d rooms of %d: p99 %.1f ms at %.0f ticks/s, server %.2f µs/delivery; burst %,.0f deliveries/s%s",
                    plan.rooms(),
                    plan.members(),
                    Measured.millis(paced.latencies().percentile(0.99)),
                    plan.rate(),
                    paced.usage().serverNanos() / 1e3 / Math.max(1, paced.delivered()),
                    burst.rate(),
                    complete ? "" : "  FAILED");
        } finally {
            stage.sweep("rooms");
        }
    }

    void stall() throws InterruptedException {
        Plan.Stall plan = stage.plan.stall();
        int slowCount = Math.max(1, plan.clients() / 100);
        try (Group healthy = stage.group().build();
                Group slow = stage.group().receiveBuffer(4096).build()) {
            if (!stage.open(healthy, plan.clients() - slowCount, "stall") || !stage.open(slow, slowCount, "stall")) {
                return;
            }
            ServerProcess.Stats before = stage.memory();
            slow.stall(slowCount);
            double rate = stage.plan.rate(stage.transport, plan.clients());
            int broadcasts = (int) Math.max(5, Math.round(rate * plan.time().toMillis() / 1000.0));
            Measured measured = stage.broadcast(healthy, broadcasts, rate, plan.size());
            ServerProcess.Stats after = stage.memory();
            stage.figures.put("stall.p99", Measured.millis(measured.latencies().percentile(0.99)));
            stage.figures.put("stall.delivered", measured.fraction());
            stage.figures.put("stall.heap", after.heap() - before.heap());
            boolean complete = measured.check(stage.figures, "stall", "healthy clients beside slow ones");
            stage.log.line(
                    "    stalled: healthy p99 %.1f ms, heap %+,d KiB%s",
                    Measured.millis(measured.latencies().percentile(0.99)),
                    (after.heap() - before.heap()) / 1024,
                    complete ? "" : "  FAILED");
        } finally {
            stage.sweep("stall");
        }
    }

    /** WebSocket only: the same clients without and with permessage-deflate offered, one after the other. */
    void deflate() throws InterruptedException {
        if (stage.transport != Transport.WEBSOCKET) {
            return;
        }
        deflate(false);
        deflate(true);
    }

    private void deflate(boolean on) throws InterruptedException {
        Plan.Deflate plan = stage.plan.deflate();
        String at = on ? "@on" : "@off";
        ServerProcess.Stats baseline = stage.memory();
        try (Group group = stage.group().deflate(on).build()) {
            if (!stage.open(group, plan.clients(), "deflate" + at)) {
                return;
            }
            if (on && group.deflating() < plan.clients()) {
                stage.figures.failed(
                        "deflate@on",
                        "the server accepted permessage-deflate for " + group.deflating() + " of " + plan.clients()
                                + " clients");
                return;
            }
            stage.broadcast(group, 1, 0, stage.plan.size()).check(stage.figures, "deflate" + at, "the first tick");
            ServerProcess.Stats idle = stage.memory();
            stage.figures.put("deflate.heap" + at, (double) (idle.heap() - baseline.heap()) / plan.clients());
            stage.figures.put("deflate.direct" + at, (double) (idle.direct() - baseline.direct()) / plan.clients());
            stage.figures.put("deflate.rss" + at, (double) (idle.rss() - baseline.rss()) / plan.clients());
            Measured burst = stage.publish(
                    plan.ticks(), 0, stage.plan.size(), 0, group.following(), stage.plan.burstCap(), null);
            burst.record(stage.figures, "deflate", at);
            boolean complete = burst.withProblem(group.problem()).check(stage.figures, "deflate" + at, "the burst");
            stage.log.line(
                    "    permessage-deflate %s: %.1f KiB per connection (resident), %,.0f deliveries/s, server %.2f"
                            + " µs/delivery, %.0f bytes read per delivery%s",
                    on ? "on" : "off",
                    (idle.rss() - baseline.rss()) / 1024.0 / plan.clients(),
                    burst.rate(),
                    burst.usage().serverNanos() / 1e3 / Math.max(1, burst.delivered()),
                    (double) burst.result().wire() / Math.max(1, burst.delivered()),
                    complete ? "" : "  FAILED");
        } finally {
            stage.sweep("deflate" + at);
        }
    }
}
