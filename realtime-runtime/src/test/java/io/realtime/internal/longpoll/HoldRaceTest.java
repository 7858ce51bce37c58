package io.realtime.internal.longpoll;

import static io.realtime.internal.longpoll.PollHarness.HOUR;
import static io.realtime.internal.longpoll.PollHarness.cursorOf;
import static io.realtime.internal.longpoll.PollHarness.dataOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.Topic;
import io.realtime.internal.metrics.ConnectionMetrics;
import io.realtime.internal.topic.TopicRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The one atomic claim decides who answers a waiting poll; whoever loses, no event is lost and no poll is
 * answered twice. The end of each hold is run by the test at the moment it chooses.
 */
class HoldRaceTest {

    private static final int ROUNDS = 10_000;

    private final PollHarness harness = new PollHarness(ROUNDS + 10, new PollFormat(100, 64 * 1024));
    private final ExecutorService racers = Executors.newFixedThreadPool(2);

    @AfterEach
    void stop() {
        racers.shutdownNow();
        harness.close();
    }

    @Test
    void holdEndingFirstAnswers204AndTheEventWaitsAfterTheCursor() {
        String cursor = harness.start("t");
        PollHarness.Poll poll = harness.poll("t", cursor, HOUR);
        harness.timers.take().run();
        String published = topic().publish(1);

        assertThat(poll.reply().only().status()).isEqualTo(204);
        PollHarness.Poll again = harness.poll("t", cursor, HOUR);
        assertThat(harness.timers.expiries).as("answered without waiting").isEmpty();
        assertThat(cursorOf(again.reply().only())).isEqualTo(published);
        assertThat(dataOf(again.reply().only())).containsExactly("1");
        assertNothingLeft(3);
    }

    @Test
    void publishFirstAnswersTheEventAndTheLateHoldEndDoesNothing() {
        String cursor = harness.start("t");
        PollHarness.Poll poll = harness.poll("t", cursor, HOUR);
        Runnable expiry = harness.timers.take();
        topic().publish(1);
        expiry.run();

        assertThat(dataOf(poll.reply().only())).containsExactly("1");
        assertNothingLeft(2);
    }

    @Test
    void shutdownAnswersAWaitingPollOnceAndLaterOnesAtOnce() {
        String cursor = harness.start("t");
        PollHarness.Poll poll = harness.poll("t", cursor, HOUR);
        Runnable expiry = harness.timers.take();
        harness.waiting.shutdown();
        topic().publish(1);
        expiry.run();
        PollHarness.Poll late = harness.poll("t", cursor, HOUR);

        assertThat(poll.reply().only()).isSameAs(Answer.GOING_AWAY);
        assertThat(dataOf(late.reply().only()))
                .as("events are still answered at once")
                .containsExactly("1");
        PollHarness.Poll waiter = harness.poll("t", cursorOf(late.reply().only()), HOUR);
        assertThat(waiter.reply().only()).isSameAs(Answer.GOING_AWAY);
        assertNothingLeft(4);
    }

    @Test
    void pollWhoseClientLeftBeforeItWaitedLeavesNothingBehind() {
        String cursor = harness.start("t");
        PollHarness.Recorded reply = new PollHarness.Recorded();
        HeldPoll held = new HeldPoll(reply, harness.released::incrementAndGet);
        held.abandon();

        TopicWait.start(
                harness.topics,
                new TopicRegistry.Source("t", false),
                cursor,
                held,
                harness.format,
                ConnectionMetrics.NONE,
                harness.waiting,
                Runnable::run,
                harness.timers,
                HOUR);

        assertThat(reply.answers()).isEmpty();
        assertNothingLeft(2);
    }

    @Test
    void publishRacingTheEndOfTheHoldLosesNothing() throws Exception {
        String cursor = harness.start("t");
        List<String> received = new ArrayList<>();
        int expired = 0;
        CyclicBarrier together = new CyclicBarrier(2);
        for (int i = 1; i <= ROUNDS; i++) {
            PollHarness.Poll poll = harness.poll("t", cursor, HOUR);
            Runnable expiry = harness.timers.take();
            int value = i;
            Future<?> publisher = racers.submit(() -> {
                together.await();
                return topic().publish(value);
            });
            Future<?> timer = racers.submit(() -> {
                together.await();
                expiry.run();
                return null;
            });
            publisher.get(10, TimeUnit.SECONDS);
            timer.get(10, TimeUnit.SECONDS);
            Answer answer = poll.reply().only();
            if (answer.status() == 204) {
                expired++;
                poll = harness.poll("t", cursor, HOUR); // the client asks again from the same cursor
                assertThat(harness.timers.expiries)
                        .as("the event is there at once")
                        .isEmpty();
                answer = poll.reply().only();
            }
            received.addAll(dataOf(answer));
            cursor = cursorOf(answer);
        }
        System.out.printf(
                "HoldRaceTest: %d publish/hold-end races, the hold won %d, the publish %d%n",
                ROUNDS, expired, ROUNDS - expired);
        assertThat(received).hasSize(ROUNDS);
        for (int i = 0; i < ROUNDS; i++) {
            assertThat(received.get(i)).isEqualTo(Integer.toString(i + 1));
        }
        assertNothingLeft(1 + ROUNDS + expired);
    }

    @Test
    void publishRacingTheStartOfTheWaitIsNeverMissed() throws Exception {
        String cursor = harness.start("t");
        CyclicBarrier together = new CyclicBarrier(2);
        for (int i = 1; i <= ROUNDS; i++) {
            String from = cursor;
            int value = i;
            Future<?> publisher = racers.submit(() -> {
                together.await();
                return topic().publish(value);
            });
            Future<PollHarness.Poll> waiter = racers.submit(() -> {
                together.await();
                return harness.poll("t", from, HOUR);
            });
            publisher.get(10, TimeUnit.SECONDS);
            PollHarness.Poll poll = waiter.get(10, TimeUnit.SECONDS);
            // Subscribed before reading the window, so the publish either shows in the read or wakes the poll:
            // it is answered with the event without its hold ever ending.
            Answer answer = poll.reply().only();
            assertThat(dataOf(answer)).containsExactly(Integer.toString(value));
            cursor = cursorOf(answer);
            harness.timers.expiries.clear();
        }
        assertNothingLeft(1 + ROUNDS);
    }

    private Topic<Integer> topic() {
        return harness.topics.get("t");
    }

    /** @param polls every poll of the test, the first one without a cursor included */
    private void assertNothingLeft(int polls) {
        assertThat(harness.waiting.size()).as("waiting polls").isZero();
        assertThat(harness.topics.subscriptions()).as("subscriptions").isZero();
        assertThat(harness.released.get()).as("places given back").isEqualTo(polls);
    }
}
