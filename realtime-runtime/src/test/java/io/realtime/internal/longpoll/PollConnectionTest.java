package io.realtime.internal.longpoll;

import static io.realtime.internal.longpoll.PollHarness.HOUR;
import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.internal.metrics.Metrics;
import io.realtime.internal.outbound.Closing;
import io.realtime.internal.outbound.Connections;
import io.realtime.internal.outbound.Message;
import io.realtime.internal.outbound.OutboundServices;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A per-client stream over long-poll: batches numbered by the cursor, resent when lost, bounded, expiring. */
class PollConnectionTest {

    private final PollHarness.HoldTimers timers = new PollHarness.HoldTimers();
    private final WaitingPolls waiting = new WaitingPolls();
    private final Connections connections = new Connections();
    private final PollConnection session =
            new PollConnection("sid", "owner", outbound(1024), "/poll", new PollFormat(3, 64 * 1024), HOUR);

    @AfterEach
    void stop() {
        timers.shutdownNow();
    }

    @Test
    void eventsWaitingForAPollLeaveAsOneBatch() {
        session.open();
        offer("a");
        offer("b");

        assertThat(body(attach(0))).isEqualTo(batch("sid:1", "a", "b"));
    }

    @Test
    void waitingPollIsAnsweredWhenAnEventArrives() {
        session.open();
        PollHarness.Recorded poll = attach(0);
        assertThat(poll.answers()).isEmpty();

        offer("a");

        assertThat(body(poll)).isEqualTo(batch("sid:1", "a"));
        assertThat(waiting.size()).isZero();
    }

    @Test
    void batchesAreBoundedAndNumbered() {
        session.open();
        for (String s : new String[] {"a", "b", "c", "d", "e"}) {
            offer(s);
        }

        assertThat(body(attach(0))).isEqualTo(batch("sid:1", "a", "b", "c"));
        assertThat(body(attach(1))).isEqualTo(batch("sid:2", "d", "e"));
    }

    @Test
    void pollWithThePreviousCursorGetsTheLostBatchAgain() {
        session.open();
        offer("a");
        String first = body(attach(0));

        assertThat(body(attach(0))).isEqualTo(first);
        offer("b");
        assertThat(body(attach(1))).isEqualTo(batch("sid:2", "b"));
    }

    @Test
    void unknownCursorIsRefusedAndTheSessionUntouched() {
        session.open();
        offer("a");

        PollHarness.Recorded reply = new PollHarness.Recorded();
        HeldPoll held = new HeldPoll(reply, () -> {});
        assertThat(session.attach(held, 7, waiting, timers, HOUR)).isFalse();
        assertThat(held.isAnswered()).isFalse();
        assertThat(body(attach(0))).isEqualTo(batch("sid:1", "a"));
    }

    @Test
    void holdEndingLeavesTheEventsForTheNextPoll() {
        session.open();
        PollHarness.Recorded poll = attach(0);
        timers.take().run();
        offer("a");

        assertThat(poll.only().status()).isEqualTo(204);
        assertThat(body(attach(0))).isEqualTo(batch("sid:1", "a"));
    }

    @Test
    void newerPollReplacesAWaitingOne() {
        session.open();
        PollHarness.Recorded older = attach(0);
        PollHarness.Recorded newer = attach(0);
        offer("a");

        assertThat(older.only().status()).isEqualTo(204);
        assertThat(body(newer)).isEqualTo(batch("sid:1", "a"));
    }

    @Test
    void endOfTheStreamIsTheLastEvent() {
        session.open();
        offer("a");
        session.close(Closing.END);

        assertThat(body(attach(0))).isEqualTo(batch("sid:1", "a").replace("]}", ",{\"event\":\"end\",\"data\":{}}]}"));
        assertThat(session.isClosed()).isTrue();
    }

    @Test
    void sessionWhoseClientStopsCollectingIsClosedAsStalled() {
        session.open();
        for (String s : new String[] {"a", "b", "c", "d"}) {
            offer(s);
        }
        long stall = TimeUnit.SECONDS.toNanos(30);

        session.tick(System.nanoTime() + 2 * stall, HOUR, stall);

        assertThat(session.isClosed()).isTrue();
        assertThat(connections.size()).isZero();
    }

    @Test
    void sessionNobodyPollsEndsAtAHeartbeat() {
        PollConnection idle = new PollConnection("idle", "owner", outbound(1024), "/poll", session.format(), 1);
        idle.open();

        idle.tick(System.nanoTime() + TimeUnit.SECONDS.toNanos(1), 1, HOUR);

        assertThat(idle.isClosed()).isTrue();
    }

    @Test
    void sessionWithAWaitingPollLivesOn() {
        PollConnection polled = new PollConnection("polled", "owner", outbound(1024), "/poll", session.format(), 1);
        polled.open();
        PollHarness.Recorded reply = new PollHarness.Recorded();
        polled.attach(new HeldPoll(reply, () -> {}), 0, waiting, timers, HOUR);

        polled.tick(System.nanoTime() + TimeUnit.SECONDS.toNanos(1), 1, HOUR);

        assertThat(polled.isClosed()).isFalse();
        assertThat(reply.answers()).isEmpty();
    }

    private PollHarness.Recorded attach(long ack) {
        PollHarness.Recorded reply = new PollHarness.Recorded();
        assertThat(session.attach(new HeldPoll(reply, () -> {}), ack, waiting, timers, HOUR))
                .isTrue();
        return reply;
    }

    private void offer(String text) {
        session.offer(new Message("message", ('"' + text + '"').getBytes(StandardCharsets.UTF_8)));
    }

    private static String body(PollHarness.Recorded reply) {
        return new String(reply.only().body(), StandardCharsets.UTF_8);
    }

    private static String batch(String cursor, String... texts) {
        StringBuilder events = new StringBuilder();
        for (String text : texts) {
            events.append(events.length() == 0 ? "" : ",")
                    .append("{\"event\":\"message\",\"data\":\"")
                    .append(text)
                    .append("\"}");
        }
        return "{\"cursor\":\"" + cursor + "\",\"events\":[" + events + "]}";
    }

    private OutboundServices outbound(int queueCapacity) {
        return new OutboundServices(Runnable::run, connections, queueCapacity, Metrics.NONE);
    }
}
