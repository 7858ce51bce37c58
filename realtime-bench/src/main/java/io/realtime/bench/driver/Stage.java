package io.realtime.bench.driver;

import io.realtime.bench.load.Dialect;
import io.realtime.bench.load.Group;
import io.realtime.bench.load.GroupBuilder;
import io.realtime.bench.load.LoadGenerator;
import io.realtime.bench.load.Transport;
import io.realtime.bench.load.Window;
import java.time.Duration;

/**
 * What every scenario of one transport against one system under test works with, and the steps they share:
 * opening clients, publishing a window of ticks and measuring its deliveries and their cost, and checking that
 * departed clients leave nothing behind.
 */
final class Stage {

    final Target target;
    final LoadGenerator load;
    final Plan plan;
    final Transport transport;
    final Dialect dialect;
    final Figures figures;
    final Log log;
    final Meter meter;
    /** Rooms that may still hold departed subscribers, for {@link #sweep} to publish to. */
    int rooms;

    Stage(
            Target target,
            LoadGenerator load,
            Plan plan,
            Transport transport,
            Dialect dialect,
            Figures figures,
            Log log) {
        this.target = target;
        this.load = load;
        this.plan = plan;
        this.transport = transport;
        this.dialect = dialect;
        this.figures = figures;
        this.log = log;
        this.meter = new Meter(target, load);
    }

    /** The server's memory, once settled after repeated collections where the plan wants it. */
    ServerProcess.Stats memory() {
        return plan.check() ? target.stats(true) : target.settled(plan.patience());
    }

    GroupBuilder group() {
        return load.group(transport, dialect);
    }

    /**
     * Grows a group to {@code count} and waits until the server counts them all; false, with {@code scenario}
     * failed, when clients could not connect.
     */
    boolean open(Group group, int count, String scenario) throws InterruptedException {
        Group.Outcome outcome = group.grow(count, Duration.ofSeconds(30 + count / 200));
        if (outcome.open() < count) {
            figures.failed(
                    scenario,
                    outcome.open() + " of " + count + " clients connected"
                            + (outcome.problem() == null ? "" : " (" + outcome.problem() + ")"));
            return false;
        }
        int seen = target.awaitSubscribers(count, plan.patience());
        if (seen < count) {
            // Measured all the same: the deliveries will show what the missing subscriptions cost.
            figures.note(scenario + ": the server counts " + seen + " of " + count + " subscribers");
        }
        return true;
    }

    /**
     * Publishes {@code count} ticks of {@code size} bytes at {@code rate} per second (0: back to back), to the
     * main topic or spread over {@code rooms}, and waits until the {@code followers} (per tick) have received
     * them all, or they stop coming.
     *
     * @param cap the longest wait for deliveries that keep coming
     */
    Measured publish(int count, double rate, int size, int rooms, long followers, Duration cap, String problem)
            throws InterruptedException {
        long expected = followers * count;
        long first = target.seq() + 1;
        Window window = load.window(first, first + count - 1);
        Meter.Snapshot start = meter.now();
        target.publish(count, rate, size, rooms);
        window.await(expected, plan.patience(), cap);
        Meter.Usage usage = meter.since(start);
        return new Measured(window.result(), expected, usage, problem);
    }

    /** {@link #publish} to every following client of {@code group} on the main topic. */
    Measured broadcast(Group group, int count, double rate, int size) throws InterruptedException {
        return publish(count, rate, size, 0, group.following(), plan.cap(), null)
                .withProblem(group.problem());
    }

    /**
     * After clients left: publishes one tick every 250 ms until the server holds no subscriber (containers notice
     * a departed stream only when a write to it fails, which may take two writes), for at most twice the plan's
     * patience; {@code scenario} fails if some stay.
     */
    int sweep(String scenario) {
        long deadline = System.nanoTime() + plan.patience().multipliedBy(2).toNanos();
        int left;
        do {
            nudge();
            left = target.awaitAtMost(0, Duration.ofMillis(250));
        } while (left > 0 && System.nanoTime() < deadline);
        if (left > 0) {
            figures.lost(scenario, "the server still holds " + left + " subscribers after the clients left");
        } else {
            rooms = 0;
        }
        return left;
    }

    /** Publishes until the server holds at most {@code count} subscribers (the rest departed), briefly. */
    void settleAt(int count) {
        long deadline = System.nanoTime() + plan.patience().multipliedBy(2).toNanos();
        while (target.awaitAtMost(count, Duration.ofMillis(250)) > count && System.nanoTime() < deadline) {
            nudge();
        }
    }

    /** One tick to the main topic, and one to each room in use, so that writes find departed clients. */
    private void nudge() {
        target.publish(1, 0, plan.size());
        if (rooms > 0) {
            target.publish(rooms, 0, plan.size(), rooms);
        }
    }
}
