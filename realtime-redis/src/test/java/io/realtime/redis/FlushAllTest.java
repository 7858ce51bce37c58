package io.realtime.redis;

import static io.realtime.redis.Publishing.epochOf;
import static io.realtime.redis.Publishing.publish;
import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.Topic;
import io.realtime.jetty.RealtimeServer;
import io.realtime.testing.SseEvent;
import io.realtime.testing.SseRecorder;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code FLUSHALL} loses every topic's history: clients get a {@code reset}, on every node, never a silent gap. */
class FlushAllTest {

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
    void connectedClientsAreResetToTheNewEpoch() {
        try (RealtimeServer a = Nodes.start(redis, 1000, Feeds.class);
                RealtimeServer b = Nodes.start(redis, 1000, Feeds.class);
                SseRecorder onA = a.sse("/feed/live");
                SseRecorder onB = b.sse("/feed/live")) {
            Nodes.await(
                    () -> a.stats().subscriptions() == 1 && b.stats().subscriptions() == 1,
                    () -> "a subscription on each node");
            Topic<Integer> topic = a.topics().get("live");
            List<String> before = publish(topic, 0, 10);
            assertThat(onA.next(10)).extracting(SseEvent::id).containsExactlyElementsOf(before);
            assertThat(onB.next(10)).extracting(SseEvent::id).containsExactlyElementsOf(before);

            redis.admin().flushall();
            List<String> after = publish(topic, 10, 15);

            String epoch = epochOf(after.get(0));
            assertThat(epoch).isNotEqualTo(epochOf(before.get(0)));
            assertThat(after.get(0)).isEqualTo(epoch + ":1");
            for (SseRecorder client : List.of(onA, onB)) {
                SseEvent reset = client.next();
                assertThat(reset).isEqualTo(new SseEvent(epoch + ":0", "reset", "{\"cursor\":\"" + epoch + ":0\"}"));
                assertThat(client.next(5)).extracting(SseEvent::id).containsExactlyElementsOf(after);
                client.assertNoMoreEvents(Duration.ofMillis(300));
            }
        }
    }

    @Test
    void aCursorFromBeforeTheFlushIsResetOnAnyNode() {
        try (RealtimeServer a = Nodes.start(redis, 1000, Feeds.class)) {
            Topic<Integer> topic = a.topics().get("old");
            String old = publish(topic, 0, 5).get(2);

            redis.admin().flushall();
            List<String> after = publish(topic, 5, 8);

            try (RealtimeServer fresh = Nodes.start(redis, 1000, Feeds.class)) {
                for (RealtimeServer node : List.of(a, fresh)) {
                    try (SseRecorder sse = node.sse("/feed/old", old)) {
                        SseEvent reset = sse.next();
                        assertThat(reset.event()).isEqualTo("reset");
                        assertThat(reset.id()).isEqualTo(after.get(2));
                        sse.assertNoMoreEvents(Duration.ofMillis(200));
                    }
                }
            }
        }
    }
}
