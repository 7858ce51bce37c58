package io.realtime.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.jetty.RealtimeServer;
import io.realtime.spi.StoredEvent;
import io.realtime.testing.SseEvent;
import io.realtime.testing.SseRecorder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A cursor issued by one node resumes on any other: exactly the missed events, no sticky sessions. */
class ResumeOnAnotherNodeTest {

    private static final int EVENTS = 10_000;
    private static final int PER_VISIT = 2_500;

    private static RedisProcess redis;

    @BeforeAll
    static void startRedis() {
        redis = RedisProcess.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @Test
    void aClientMovingBetweenNodesMidStreamGetsEveryEventOnce() throws Exception {
        try (RealtimeServer a = Nodes.start(redis, EVENTS, Feeds.class);
                RealtimeServer b = Nodes.start(redis, EVENTS, Feeds.class)) {
            RealtimeServer[] nodes = {a, b};
            SseRecorder sse = a.sse("/feed/hops");
            Nodes.await(() -> a.stats().subscriptions() == 1, () -> "the subscription on node A");
            // Publishers on both nodes, while the client moves: the offsets are global.
            CompletableFuture<Void> publishing = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < EVENTS; i++) {
                    nodes[i % 2].topics().get("hops").publish(i);
                }
            });

            List<SseEvent> received = new ArrayList<>();
            int visit = 0;
            while (received.size() < EVENTS) {
                int count = Math.min(PER_VISIT, EVENTS - received.size());
                received.addAll(sse.next(count));
                if (received.size() < EVENTS) {
                    // The last event processed; the recorder may have read further, and those are dropped here.
                    String cursor = received.get(received.size() - 1).id();
                    sse.close();
                    sse = nodes[++visit % 2].sse("/feed/hops", cursor);
                }
            }
            publishing.get();
            sse.assertNoMoreEvents(Duration.ofMillis(500));
            sse.close();

            assertThat(visit).isEqualTo(EVENTS / PER_VISIT - 1);
            assertThat(received).extracting(SseEvent::event).containsOnly("message");
            assertThat(received)
                    .extracting(SseEvent::data)
                    .containsExactlyElementsOf(IntStream.range(0, EVENTS)
                            .mapToObj(Integer::toString)
                            .toList());
            String epoch =
                    received.get(0).id().substring(0, received.get(0).id().indexOf(':'));
            assertThat(received)
                    .extracting(SseEvent::id)
                    .containsExactlyElementsOf(IntStream.rangeClosed(1, EVENTS)
                            .mapToObj(o -> epoch + ':' + o)
                            .toList());
        }
    }

    @Test
    void aNodeThatNeverServedTheTopicReplaysItFromRedis() {
        try (RealtimeServer a = Nodes.start(redis, 1000, Feeds.class)) {
            List<String> cursors = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                cursors.add(a.topics().get("replayed").publish(i));
            }
            try (RealtimeServer fresh = Nodes.start(redis, 1000, Feeds.class);
                    SseRecorder sse = fresh.sse("/feed/replayed", cursors.get(39))) {
                List<SseEvent> events = sse.next(60);
                assertThat(events).extracting(SseEvent::id).containsExactlyElementsOf(cursors.subList(40, 100));
                assertThat(events)
                        .extracting(SseEvent::data)
                        .containsExactlyElementsOf(IntStream.range(40, 100)
                                .mapToObj(Integer::toString)
                                .toList());
                sse.assertNoMoreEvents(Duration.ofMillis(300));
            }
        }
    }

    @Test
    void aNodeBehindTheClientCatchesUpInsteadOfResetting() {
        try (RealtimeServer b = Nodes.start(redis, 1000, Feeds.class);
                QuietPublisher elsewhere = new QuietPublisher(redis, 1000)) {
            b.topics().get("lagging").publish(0); // B follows the topic from now on
            // Stored by another node, whose notices have not reached B yet.
            List<String> cursors = new ArrayList<>();
            for (int i = 1; i <= 4; i++) {
                StoredEvent event = elsewhere.publish("lagging", Integer.toString(i));
                cursors.add(event.epoch() + ':' + event.offset());
            }

            try (SseRecorder sse = b.sse("/feed/lagging", cursors.get(1))) {
                assertThat(sse.next(2)).extracting(SseEvent::id).containsExactly(cursors.get(2), cursors.get(3));
                sse.assertNoMoreEvents(Duration.ofMillis(300));
            }
        }
    }
}
