package io.realtime.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.Push;
import io.realtime.Topic;
import io.realtime.Topics;
import io.realtime.runtime.RealtimeConfig;
import io.realtime.testing.Await;
import io.realtime.testing.PollEvent;
import io.realtime.testing.PollRecorder;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Clients looping on the cursor receive every event, in order, once, while events are published at random
 * moments: some land while a poll waits, some between polls, some just as a hold ends. One client holds for
 * 5 ms so that its holds end all the time; the other for the default 25 s.
 */
class LongPollLosesNothingTest {

    private static final int EVENTS = 10_000;

    public static class Ticks {
        private final Topics topics;

        public Ticks(Topics topics) {
            this.topics = topics;
        }

        @Push("/ticks")
        public Topic<Integer> ticks() {
            return topics.get("ticks");
        }
    }

    @RegisterExtension
    static final RealtimeServerExtension server = RealtimeServerExtension.of(RealtimeServer.builder()
            .services(Ticks.class)
            .config(RealtimeConfig.builder().historyMaxEvents(2 * EVENTS).build()));

    @Test
    void everyEventArrivesInOrderOnce() {
        try (PollRecorder brief = server.get().poll("/ticks?timeout=0.005");
                PollRecorder patient = server.get().poll("/ticks")) {
            Await.until("both loops to start", () -> brief.cursor() != null && patient.cursor() != null);
            Topic<Integer> topic = server.get().topics().get("ticks");
            SplittableRandom random = new SplittableRandom(42);
            for (int i = 1; i <= EVENTS; i++) {
                topic.publish(i);
                if (random.nextInt(8) == 0) {
                    // A pause of up to 8 ms: both loops park, and the brief one's 5 ms hold ends around it.
                    LockSupport.parkNanos(random.nextLong(8_000_000));
                }
            }

            assertEveryEventOnce(brief.next(EVENTS));
            assertEveryEventOnce(patient.next(EVENTS));
            brief.assertNoMoreEvents(Duration.ofMillis(100));
            patient.assertNoMoreEvents(Duration.ofMillis(100));
            System.out.printf(
                    "LongPollLosesNothingTest: %d events; 5 ms holds: %d answers with events, %d holds ended"
                            + " empty; 25 s holds: %d answers with events, %d holds ended empty%n",
                    EVENTS, brief.answers(200), brief.answers(204), patient.answers(200), patient.answers(204));
        }
    }

    private static void assertEveryEventOnce(List<PollEvent> events) {
        String epoch = null;
        for (int i = 0; i < EVENTS; i++) {
            PollEvent event = events.get(i);
            assertThat(event.data()).as("event %d", i + 1).isEqualTo(Integer.toString(i + 1));
            String id = event.id();
            String eventEpoch = id.substring(0, id.lastIndexOf(':'));
            epoch = epoch == null ? eventEpoch : epoch;
            assertThat(eventEpoch).isEqualTo(epoch);
        }
    }
}
