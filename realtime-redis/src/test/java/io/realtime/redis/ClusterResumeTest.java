package io.realtime.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.jetty.RealtimeServer;
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

/**
 * Three nodes sharing a three-master Redis Cluster: a cursor issued by one resumes on any other, for topics on every
 * master, with every event once and in order.
 */
class ClusterResumeTest {

    private static final int EVENTS = 10_000;
    private static final int PER_VISIT = 1_000;

    private static RedisCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = RedisCluster.start(3, 0, Duration.ofSeconds(5));
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @Test
    void tenThousandEventsOnEveryMasterReachClientsMovingBetweenThreeNodesOnceEach() throws Exception {
        List<String> topics = cluster.topicsOnEveryMaster("hops-");
        try (RealtimeServer a = Nodes.start(cluster, EVENTS, Feeds.class);
                RealtimeServer b = Nodes.start(cluster, EVENTS, Feeds.class);
                RealtimeServer c = Nodes.start(cluster, EVENTS, Feeds.class)) {
            RealtimeServer[] nodes = {a, b, c};
            List<SseRecorder> clients = new ArrayList<>();
            for (String topic : topics) {
                clients.add(a.sse("/feed/" + topic));
            }
            Nodes.await(() -> a.stats().subscriptions() == topics.size(), () -> "the subscriptions on node A");
            // Event i goes to topic i % 3, from each node in turn: every topic's offsets are global.
            CompletableFuture<Void> publishing = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < EVENTS; i++) {
                    nodes[(i / topics.size()) % nodes.length]
                            .topics()
                            .get(topics.get(i % topics.size()))
                            .publish(i);
                }
            });

            int visits = 0;
            int moves = 0;
            for (int t = 0; t < topics.size(); t++) {
                int expected = (EVENTS - t + topics.size() - 1) / topics.size();
                moves += (expected + PER_VISIT - 1) / PER_VISIT - 1;
                List<SseEvent> received = new ArrayList<>();
                SseRecorder client = clients.get(t);
                while (received.size() < expected) {
                    received.addAll(client.next(Math.min(PER_VISIT, expected - received.size())));
                    if (received.size() < expected) {
                        // The last event processed; the recorder may have read further, and those are dropped.
                        String cursor = received.get(received.size() - 1).id();
                        client.close();
                        client = nodes[++visits % nodes.length].sse("/feed/" + topics.get(t), cursor);
                    }
                }
                clients.set(t, client);
                int first = t;
                assertThat(received)
                        .extracting(SseEvent::data)
                        .containsExactlyElementsOf(IntStream.range(0, EVENTS)
                                .filter(i -> i % topics.size() == first)
                                .mapToObj(Integer::toString)
                                .toList());
                String epoch =
                        received.get(0).id().substring(0, received.get(0).id().indexOf(':'));
                assertThat(received)
                        .extracting(SseEvent::id)
                        .containsExactlyElementsOf(IntStream.rangeClosed(1, expected)
                                .mapToObj(o -> epoch + ':' + o)
                                .toList());
            }
            publishing.get();
            for (SseRecorder client : clients) {
                client.assertNoMoreEvents(Duration.ofMillis(300));
                client.close();
            }
            assertThat(visits).as("moves between nodes").isEqualTo(moves);
        }
    }

    @Test
    void aNodeThatNeverServedATopicReplaysItFromTheCluster() {
        try (RealtimeServer a = Nodes.start(cluster, 1000, Feeds.class)) {
            List<List<String>> cursors = new ArrayList<>();
            List<String> topics = cluster.topicsOnEveryMaster("replayed-");
            for (String topic : topics) {
                List<String> published = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    published.add(a.topics().get(topic).publish(i));
                }
                cursors.add(published);
            }
            try (RealtimeServer fresh = Nodes.start(cluster, 1000, Feeds.class)) {
                for (int t = 0; t < topics.size(); t++) {
                    try (SseRecorder sse =
                            fresh.sse("/feed/" + topics.get(t), cursors.get(t).get(19))) {
                        assertThat(sse.next(30))
                                .extracting(SseEvent::id)
                                .containsExactlyElementsOf(cursors.get(t).subList(20, 50));
                        String live = a.topics().get(topics.get(t)).publish(50);
                        assertThat(sse.next()).isEqualTo(new SseEvent(live, "message", "50"));
                        sse.assertNoMoreEvents(Duration.ofMillis(200));
                    }
                }
            }
        }
    }
}
