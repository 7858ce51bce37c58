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
 * A master of a Redis Cluster that restarts or fails over: its topics start a new epoch, so their clients get an
 * explicit {@code reset} and then every event, never a silent gap; the topics of the other masters carry on as if
 * nothing happened.
 */
class ClusterFaultsTest {

    private static final Keys KEYS = new Keys("realtime:", true);
    private static final Duration FAILOVER_WAIT = Duration.ofSeconds(30);

    @Test
    void aRestartedMasterResetsItsTopicsEvenWithItsDataKept() {
        // Persistent, so the reset comes from the rule (another run of the master), not from lost data.
        try (RedisCluster cluster = RedisCluster.start(
                        3, 0, Duration.ofSeconds(5), "--appendonly", "yes", "--appendfsync", "always");
                RealtimeServer a = Nodes.start(cluster, 1000, Feeds.class);
                RealtimeServer b = Nodes.start(cluster, 1000, Feeds.class)) {
            List<String> topics = cluster.topicsOnEveryMaster("restart-");
            RedisProcess master = cluster.masterOf(KEYS.state(topics.get(0)));
            String unfollowed = cluster.topicsOnEveryMaster("unfollowed-").stream()
                    .filter(topic -> cluster.masterOf(KEYS.state(topic)) == master)
                    .findFirst()
                    .orElseThrow();
            Topic<Integer> hit = a.topics().get(topics.get(0));
            Topic<Integer> spared = a.topics().get(topics.get(1));
            try (SseRecorder onHit = b.sse("/feed/" + topics.get(0));
                    SseRecorder onSpared = b.sse("/feed/" + topics.get(1))) {
                Nodes.await(() -> b.stats().subscriptions() == 2, () -> "the subscriptions on node B");
                List<String> before = publish(hit, 0, 10);
                assertThat(onHit.next(10)).extracting(SseEvent::id).containsExactlyElementsOf(before);
                List<String> spareCursors = new ArrayList<>(publish(spared, 0, 10));

                master.kill();
                assertPublishFailsFast(hit);
                try (SseRecorder refused = b.sse("/feed/" + unfollowed)) {
                    assertThat(refused.status()).isEqualTo(503);
                    refused.awaitEnd(Duration.ofSeconds(5));
                    assertThat(new String(refused.raw(), StandardCharsets.UTF_8))
                            .startsWith("{\"error\":{\"code\":\"backplane_unavailable\"");
                }
                spareCursors.addAll(publish(spared, 10, 20)); // the other masters serve on

                master.restart();
                cluster.awaitHealthy();
                List<String> after = new ArrayList<>();
                after.add(publishWhenBack(hit, 10, FAILOVER_WAIT));
                after.addAll(publish(hit, 11, 20));

                assertResetThenEvents(onHit, epochOf(before.get(0)), after, 10);
                assertThat(onSpared.next(20)).extracting(SseEvent::id).containsExactlyElementsOf(spareCursors);
                onSpared.assertNoMoreEvents(Duration.ofMillis(200));
                assertOldCursorIsReset(cluster, topics.get(0), before.get(5), after.get(9));
            }
        }
    }

    @Test
    void aFailoverResetsTheFailedMastersTopicsAndTheFormerMasterDeliversNothingTwice() {
        try (RedisCluster cluster = RedisCluster.start(3, 1, Duration.ofSeconds(3));
                RealtimeServer a = Nodes.start(cluster, 1000, Feeds.class);
                RealtimeServer b = Nodes.start(cluster, 1000, Feeds.class)) {
            List<String> topics = cluster.topicsOnEveryMaster("failover-");
            RedisProcess master = cluster.masterOf(KEYS.state(topics.get(0)));
            Topic<Integer> hit = b.topics().get(topics.get(0));
            Topic<Integer> spared = b.topics().get(topics.get(1));
            try (SseRecorder onA = a.sse("/feed/" + topics.get(0));
                    SseRecorder onB = b.sse("/feed/" + topics.get(0));
                    SseRecorder onSpared = a.sse("/feed/" + topics.get(1))) {
                Nodes.await(() -> a.stats().subscriptions() == 2, () -> "the subscriptions on node A");
                Nodes.await(() -> b.stats().subscriptions() == 1, () -> "the subscription on node B");
                List<String> before = publish(hit, 0, 10);
                for (SseRecorder client : List.of(onA, onB)) {
                    assertThat(client.next(10)).extracting(SseEvent::id).containsExactlyElementsOf(before);
                }
                List<String> spareCursors = new ArrayList<>(publish(spared, 0, 10));

                master.kill();
                assertPublishFailsFast(hit);
                spareCursors.addAll(publish(spared, 10, 20));
                cluster.awaitFailover(KEYS.state(topics.get(0)), master);
                assertThat(cluster.masterOf(KEYS.state(topics.get(0)))).isNotSameAs(master);

                List<String> after = new ArrayList<>();
                after.add(publishWhenBack(hit, 10, FAILOVER_WAIT));
                after.addAll(publish(hit, 11, 20));
                for (SseRecorder client : List.of(onA, onB)) {
                    assertResetThenEvents(client, epochOf(before.get(0)), after, 10);
                }

                // The former master comes back as a replica of the new one: its copy of the notices is not heard.
                master.restart();
                cluster.awaitHealthy();
                List<String> later = publish(hit, 20, 30);
                for (SseRecorder client : List.of(onA, onB)) {
                    assertThat(client.next(10)).extracting(SseEvent::id).containsExactlyElementsOf(later);
                    client.assertNoMoreEvents(Duration.ofMillis(300));
                }
                assertThat(onSpared.next(20)).extracting(SseEvent::id).containsExactlyElementsOf(spareCursors);
                onSpared.assertNoMoreEvents(Duration.ofMillis(100));
            }
        }
    }

    /** The client sees a reset to a new epoch, then exactly the events published since, from {@code first}. */
    private static void assertResetThenEvents(SseRecorder client, String oldEpoch, List<String> after, int first) {
        SseEvent reset = client.next();
        assertThat(reset.event()).isEqualTo("reset");
        String epoch = epochOf(reset.id());
        assertThat(epoch).isNotEqualTo(oldEpoch);
        assertThat(reset.data()).isEqualTo("{\"cursor\":\"" + reset.id() + "\"}");
        List<SseEvent> events = client.next(after.size());
        assertThat(events).extracting(SseEvent::id).containsExactlyElementsOf(after);
        assertThat(events)
                .extracting(SseEvent::data)
                .containsExactlyElementsOf(IntStream.range(first, first + after.size())
                        .mapToObj(Integer::toString)
                        .toList());
        assertThat(after).allSatisfy(cursor -> assertThat(epochOf(cursor)).isEqualTo(epoch));
        client.assertNoMoreEvents(Duration.ofMillis(300));
    }

    /** A node that never served the topic resets a cursor from before: its offsets meant other events. */
    private static void assertOldCursorIsReset(RedisCluster cluster, String topic, String old, String head) {
        try (RealtimeServer fresh = Nodes.start(cluster, 1000, Feeds.class);
                SseRecorder sse = fresh.sse("/feed/" + topic, old)) {
            SseEvent reset = sse.next();
            assertThat(reset.event()).isEqualTo("reset");
            assertThat(reset.id()).isEqualTo(head);
            sse.assertNoMoreEvents(Duration.ofMillis(200));
        }
    }
}
