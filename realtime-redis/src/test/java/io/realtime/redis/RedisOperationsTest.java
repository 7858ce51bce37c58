package io.realtime.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.Stream;
import io.realtime.Topic;
import io.realtime.Topics;
import io.realtime.jetty.RealtimeServer;
import io.realtime.testing.SseEvent;
import io.realtime.testing.SseRecorder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Counts the commands Redis runs ({@code INFO commandstats}, which counts the commands a script calls as well) for
 * publishes, subscribers and nodes, on one server and on a cluster, and prints them: the figures of
 * {@code docs/scaling.md}. A publish is one script, whatever the number of nodes and clients; a client costs Redis
 * nothing; a node costs one subscription and one read per topic it follows.
 */
class RedisOperationsTest {

    private static final int PUBLISHES = 100;
    private static final int CLIENTS_PER_NODE = 10;
    /** A node follows its control channel once, at start. */
    private static final long CONTROL_CHANNEL_HERE = 1;

    public static class Feed {
        private final Topics topics;

        public Feed(Topics topics) {
            this.topics = topics;
        }

        @Stream("/counted")
        public Topic<Integer> counted() {
            return topics.get("counted");
        }
    }

    @Test
    void onOneServer() {
        try (RedisProcess redis = RedisProcess.start()) {
            Map<String, Long> perPublish =
                    measure(() -> Nodes.start(redis, 1000, Feed.class), List.of(redis), CONTROL_CHANNEL_HERE);
            assertThat(perPublish)
                    .containsAllEntriesOf(Map.of(
                            "evalsha", 1L, "hmget", 1L, "hincrby", 1L, "xadd", 1L, "time", 1L, "xtrim", 1L, "pexpire",
                            2L, "publish", 1L))
                    .doesNotContainKeys("spublish", "info");
        }
    }

    @Test
    void onACluster() {
        try (RedisCluster cluster = RedisCluster.start(3, 0, Duration.ofSeconds(5))) {
            RedisProcess master = cluster.masterOf(new Keys("realtime:", true).state("counted"));
            long control = cluster.masterOf("realtime:control").equals(master) ? CONTROL_CHANNEL_HERE : 0;
            Map<String, Long> perPublish =
                    measure(() -> Nodes.start(cluster, 1000, Feed.class), List.of(master), control);
            assertThat(perPublish)
                    .containsAllEntriesOf(Map.of(
                            "evalsha",
                            1L,
                            "hmget",
                            1L,
                            "info",
                            1L,
                            "hincrby",
                            1L,
                            "xadd",
                            1L,
                            "time",
                            1L,
                            "xtrim",
                            1L,
                            "pexpire",
                            2L,
                            "spublish",
                            1L))
                    .doesNotContainKeys("publish");
        }
    }

    /**
     * Runs two nodes with clients on one topic, then a third node, counting on {@code servers}.
     *
     * @param controlSubscribes the subscriptions a starting node makes on {@code servers} for its control channel
     *     ({@code <prefix>control}: one, where that channel lives; on a cluster, the master of its slot)
     * @return the commands per publish
     */
    private static Map<String, Long> measure(
            Supplier<RealtimeServer> nodes, List<RedisProcess> servers, long controlSubscribes) {
        List<SseRecorder> clients = new ArrayList<>();
        try (RealtimeServer a = nodes.get();
                RealtimeServer b = nodes.get()) {
            for (RealtimeServer node : List.of(a, b)) {
                clients.add(node.sse("/counted"));
                Nodes.await(() -> node.stats().subscriptions() == 1, () -> "the first client of " + node.uri());
            }
            String first = a.topics().get("counted").publish(-1); // the script is loaded on first use
            clients.forEach(SseRecorder::next);

            CommandStats.reset(servers);
            for (RealtimeServer node : List.of(a, b)) {
                for (int i = 1; i < CLIENTS_PER_NODE; i++) {
                    clients.add(node.sse("/counted"));
                }
                Nodes.await(
                        () -> node.stats().subscriptions() == CLIENTS_PER_NODE, () -> "the clients of " + node.uri());
            }
            Map<String, Long> forClients = CommandStats.counts(servers);

            CommandStats.reset(servers);
            List<String> cursors = Publishing.publish(a.topics().get("counted"), 0, PUBLISHES);
            for (SseRecorder client : clients) {
                assertThat(client.next(PUBLISHES)).extracting(SseEvent::id).containsExactlyElementsOf(cursors);
            }
            Map<String, Long> forPublishes = CommandStats.counts(servers);

            CommandStats.reset(servers);
            Map<String, Long> forNode;
            try (RealtimeServer c = nodes.get();
                    SseRecorder client = c.sse("/counted", first)) {
                assertThat(client.next(PUBLISHES)).extracting(SseEvent::id).containsExactlyElementsOf(cursors);
                forNode = CommandStats.counts(servers);
            }

            Map<String, Long> perPublish = new TreeMap<>();
            forPublishes.forEach((command, calls) -> perPublish.put(command, calls / PUBLISHES));
            System.out.printf(
                    "Redis commands on %s: per publish %s; for %d more clients on two nodes %s; for a third node"
                            + " following the topic %s%n",
                    servers.size() == 1
                                    && !servers.get(0).admin().info("cluster").contains("enabled:1")
                            ? "one server"
                            : "the topic's master",
                    perPublish,
                    2 * (CLIENTS_PER_NODE - 1),
                    forClients,
                    forNode);
            assertThat(forPublishes.values()).allMatch(calls -> calls % PUBLISHES == 0);
            assertThat(forClients)
                    .as("commands for more clients of followed topics")
                    .isEmpty();
            assertThat(forNode).containsEntry("evalsha", 1L); // the read of the retained events, sync.lua
            assertThat(forNode.getOrDefault("subscribe", 0L) + forNode.getOrDefault("ssubscribe", 0L))
                    .as("the topic's subscription and the control channel's")
                    .isEqualTo(1 + controlSubscribes);
            return perPublish;
        } finally {
            clients.forEach(SseRecorder::close);
        }
    }
}
