package io.realtime.redis;

import static io.realtime.redis.Publishing.assertPublishFailsFast;
import static io.realtime.redis.Publishing.epochOf;
import static io.realtime.redis.Publishing.publish;
import static io.realtime.redis.Publishing.publishWhenBack;
import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.Topic;
import io.realtime.jetty.RealtimeServer;
import io.realtime.testing.SseEvent;
import io.realtime.testing.SseRecorder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * While Redis is down publishes fail fast with a clear exception; when it returns the nodes recover by themselves:
 * subscribers catch up when Redis kept the history, and get a reset when it lost it.
 */
class RedisOutageTest {

    @Test
    void aRedisThatLostEverythingResetsSubscribers() {
        try (RedisProcess redis = RedisProcess.start();
                RealtimeServer a = Nodes.start(redis, 1000, Feeds.class);
                RealtimeServer b = Nodes.start(redis, 1000, Feeds.class);
                SseRecorder sse = b.sse("/feed/volatile")) {
            Topic<Integer> topic = a.topics().get("volatile");
            Nodes.await(() -> b.stats().subscriptions() == 1, () -> "the subscription on node B");
            List<String> before = publish(topic, 0, 100);
            assertThat(sse.next(100)).extracting(SseEvent::id).containsExactlyElementsOf(before);

            redis.kill();
            assertPublishFailsFast(topic);
            assertPublishFailsFast(topic);
            try (SseRecorder refused = b.sse("/feed/not-followed-yet")) {
                assertThat(refused.status()).isEqualTo(503);
                refused.awaitEnd(Duration.ofSeconds(5));
                assertThat(new String(refused.raw(), StandardCharsets.UTF_8))
                        .startsWith("{\"error\":{\"code\":\"backplane_unavailable\"")
                        .doesNotContain(Integer.toString(redis.port()));
            }

            redis.restart();
            publishWhenBack(topic, 100);
            List<String> after = publish(topic, 101, 151);

            SseEvent reset = sse.next();
            assertThat(reset.event()).isEqualTo("reset");
            String epoch = reset.id().substring(0, reset.id().indexOf(':'));
            assertThat(epoch).isNotEqualTo(epochOf(before.get(0)));
            assertThat(reset.data()).isEqualTo("{\"cursor\":\"" + reset.id() + "\"}");
            List<SseEvent> events = sse.next(51);
            assertThat(events)
                    .extracting(SseEvent::data)
                    .containsExactlyElementsOf(IntStream.range(100, 151)
                            .mapToObj(Integer::toString)
                            .toList());
            assertThat(events.subList(1, 51)).extracting(SseEvent::id).containsExactlyElementsOf(after);
            assertThat(events).allSatisfy(e -> assertThat(epochOf(e.id())).isEqualTo(epoch));
            sse.assertNoMoreEvents(Duration.ofMillis(300));
        }
    }

    @Test
    void aRedisThatKeptTheHistoryLetsSubscribersCatchUp() {
        try (RedisProcess redis = RedisProcess.start(true);
                RealtimeServer a = Nodes.start(redis, 1000, Feeds.class);
                RealtimeServer b = Nodes.start(redis, 1000, Feeds.class);
                SseRecorder sse = b.sse("/feed/durable")) {
            Topic<Integer> topic = a.topics().get("durable");
            Nodes.await(() -> b.stats().subscriptions() == 1, () -> "the subscription on node B");
            List<String> cursors = new ArrayList<>(publish(topic, 0, 100));
            assertThat(sse.next(100)).extracting(SseEvent::id).containsExactlyElementsOf(cursors);

            redis.kill();
            assertPublishFailsFast(topic);

            redis.restart();
            cursors.add(publishWhenBack(topic, 100));
            cursors.addAll(publish(topic, 101, 151));

            List<SseEvent> events = sse.next(51);
            assertThat(events).extracting(SseEvent::event).containsOnly("message");
            assertThat(events).extracting(SseEvent::id).containsExactlyElementsOf(cursors.subList(100, 151));
            assertThat(events)
                    .extracting(SseEvent::data)
                    .containsExactlyElementsOf(IntStream.range(100, 151)
                            .mapToObj(Integer::toString)
                            .toList());
            assertThat(epochOf(cursors.get(150))).isEqualTo(epochOf(cursors.get(0)));
            sse.assertNoMoreEvents(Duration.ofMillis(300));
        }
    }

    @Test
    void aHungRedisTimesPublishesOutAndStoresThemWhenItWakes() {
        try (RedisProcess redis = RedisProcess.start();
                RealtimeServer a = Nodes.start(redis, 1000, Feeds.class);
                SseRecorder sse = a.sse("/feed/hung")) {
            Topic<Integer> topic = a.topics().get("hung");
            Nodes.await(() -> a.stats().subscriptions() == 1, () -> "the subscription");
            String first = topic.publish(0);
            assertThat(sse.next().id()).isEqualTo(first);

            redis.freeze();
            try {
                assertPublishFailsFast(topic);
            } finally {
                redis.wake();
            }
            String last = publishWhenBack(topic, 1);

            // Redis had the timed-out publish in its socket: it stored it on waking, and every client gets it.
            List<SseEvent> events = sse.next(2);
            assertThat(events).extracting(SseEvent::data).containsExactly("-1", "1");
            assertThat(events).extracting(SseEvent::id).containsExactly(epochOf(first) + ":2", last);
            sse.assertNoMoreEvents(Duration.ofMillis(300));
        }
    }
}
