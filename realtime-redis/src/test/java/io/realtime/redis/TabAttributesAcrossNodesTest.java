package io.realtime.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.api.sync.RedisCommands;
import io.realtime.Connection;
import io.realtime.Duplex;
import io.realtime.RealtimeSession;
import io.realtime.Topic;
import io.realtime.Topics;
import io.realtime.jetty.RealtimeServer;
import io.realtime.jetty.SharedSessions;
import io.realtime.runtime.RealtimeConfig;
import io.realtime.runtime.TokenKey;
import io.realtime.testing.Await;
import io.realtime.testing.Visitor;
import io.realtime.testing.WebSocketRecorder;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * A tab's attributes follow it to every node (docs/scaling.md, "Tab attributes"): three nodes without sticky
 * sessions share a real Redis, or a Redis Cluster of three masters. A tab given attributes on one node finds them
 * on the next; a change on one node reaches a connection of the tab on another at once; the attributes expire in
 * Redis with the tab idle timeout, and go with the cookie session. Off, each node keeps its own.
 */
class TabAttributesAcrossNodesTest {

    private static final TokenKey KEY = TokenKey.of("shared", new byte[32]);
    private static final String PREFIX = "attrs:";
    private static final Duration IDLE = Duration.ofMinutes(5);

    private final SharedSessions sessions = SharedSessions.create();

    /** Sets or removes one attribute of the caller's tab, and answers all of them. */
    public static class Prefs {
        public record Change(String key, String value) {}

        public record Seen(Map<String, Object> attributes) {}

        private final Topics topics;

        public Prefs(Topics topics) {
            this.topics = topics;
        }

        @Duplex("/prefs")
        public Topic<Seen> join(Connection<Seen> connection) {
            return topics.get("prefs");
        }

        @Duplex("/prefs")
        public Seen change(Change change, RealtimeSession session) {
            if (change.key() != null && change.value() == null) {
                session.attributes().remove(change.key());
            } else if (change.key() != null) {
                session.attributes().put(change.key(), change.value());
            }
            return new Seen(new TreeMap<>(session.attributes()));
        }
    }

    @Test
    void attributesFollowATabToEveryNodeOfOneRedis() {
        try (RedisProcess redis = RedisProcess.start()) {
            followTheTab(() -> RedisBackplane.builder(redis.url()), () -> List.of(redis.admin()));
        }
    }

    @Test
    void attributesFollowATabToEveryNodeOfARedisCluster() {
        try (RedisCluster cluster = RedisCluster.start(3, 0, Duration.ofSeconds(5))) {
            followTheTab(
                    () -> RedisBackplane.clusterBuilder(cluster.urls().toArray(String[]::new)),
                    () -> cluster.nodes().stream().map(RedisProcess::admin).toList());
        }
    }

    /** @param masters an admin connection to each master, to find the tab's hash on whichever holds it */
    private void followTheTab(
            Supplier<RedisBackplane.Builder> redis, Supplier<List<RedisCommands<String, String>>> masters) {
        try (RealtimeServer a = node(redis.get(), true);
                RealtimeServer b = node(redis.get(), true);
                RealtimeServer c = node(redis.get(), true)) {
            Visitor visitor = Visitor.of(a.uri()).startSession();
            Visitor.Tab tab = visitor.tab().negotiate("/prefs");
            Visitor.Tab onB = visitor.on(b.uri()).tab().withToken(tab.token());

            assertThat(change(tab, "\"theme\",\"value\":\"dark\""))
                    .isEqualTo("{\"ref\":1,\"data\":{\"attributes\":{\"theme\":\"dark\"}}}");
            assertThat(change(onB, "null"))
                    .as("the tab moved to node B: its attributes are there")
                    .isEqualTo("{\"ref\":1,\"data\":{\"attributes\":{\"theme\":\"dark\"}}}");

            RedisCommands<String, String> holder = holderOfTheOnlyTab(masters.get());
            String hash = holder.keys(PREFIX + "tab:*").get(0);
            long ttl = holder.pttl(hash);
            assertThat(ttl)
                    .as("the hash expires with the tab idle timeout")
                    .isPositive()
                    .isLessThanOrEqualTo(IDLE.toMillis());

            try (WebSocketRecorder onC =
                    visitor.on(c.uri()).tab().withToken(tab.token()).webSocket("/prefs?lastEventId=")) {
                Await.stats(c, "the tab connected to node C", stats -> stats.connections() == 1);
                long changed = System.nanoTime();
                change(tab, "\"lang\",\"value\":\"fr\"");
                Await.until(
                        "node C, where the tab is connected, read the change made on node A",
                        () -> ask(onC).contains("\"lang\":\"fr\""),
                        () -> "",
                        Duration.ofSeconds(1));
                System.out.println("A change of a tab attribute on node A reached the tab's connection on node C in "
                        + Duration.ofNanos(System.nanoTime() - changed).toMillis() + " ms");
                onC.send("{\"ref\":9,\"data\":{\"key\":\"theme\",\"value\":null}}");
                assertThat(reply(onC, 9)).isEqualTo("{\"ref\":9,\"data\":{\"attributes\":{\"lang\":\"fr\"}}}");
            }
            assertThat(change(onB, "null"))
                    .as("the removal made over node C's WebSocket")
                    .isEqualTo("{\"ref\":1,\"data\":{\"attributes\":{\"lang\":\"fr\"}}}");
            assertThat(holder.hgetall(hash)).containsOnlyKeys("lang");

            visitor.logout();
            Await.until("the ended session's tab attributes deleted", () -> holder.exists(hash) == 0);
        }
    }

    @Test
    void offEachNodeKeepsTheAttributesOfTheTabsItServes() {
        try (RedisProcess redis = RedisProcess.start();
                RealtimeServer a = node(RedisBackplane.builder(redis.url()), false);
                RealtimeServer b = node(RedisBackplane.builder(redis.url()), false)) {
            Visitor visitor = Visitor.of(a.uri()).startSession();
            Visitor.Tab tab = visitor.tab().negotiate("/prefs");
            change(tab, "\"theme\",\"value\":\"dark\"");
            assertThat(change(visitor.on(b.uri()).tab().withToken(tab.token()), "null"))
                    .isEqualTo("{\"ref\":1,\"data\":{\"attributes\":{}}}");
            assertThat(change(tab, "null")).isEqualTo("{\"ref\":1,\"data\":{\"attributes\":{\"theme\":\"dark\"}}}");
            assertThat(redis.admin().keys(PREFIX + "tab:*")).isEmpty();
        }
    }

    /** Sends one change over the uplink of the tab's node; {@code key} is the rest of the message's JSON. */
    private static String change(Visitor.Tab tab, String key) {
        HttpResponse<String> response = tab.post("/prefs", "{\"ref\":1,\"data\":{\"key\":" + key + "}}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    private static String ask(WebSocketRecorder socket) {
        socket.send("{\"ref\":5,\"data\":{\"key\":null}}");
        return reply(socket, 5);
    }

    private static String reply(WebSocketRecorder socket, int ref) {
        while (true) {
            String frame = socket.next();
            if (frame.startsWith("{\"ref\":" + ref + ",")) {
                return frame;
            }
        }
    }

    private static RedisCommands<String, String> holderOfTheOnlyTab(List<RedisCommands<String, String>> masters) {
        List<RedisCommands<String, String>> holders = masters.stream()
                .filter(master -> !master.keys(PREFIX + "tab:*").isEmpty())
                .toList();
        assertThat(holders).as("one master holds the tab's hash").hasSize(1);
        assertThat(holders.get(0).keys(PREFIX + "tab:*"))
                .as("one hash for the tab")
                .hasSize(1);
        return holders.get(0);
    }

    private RealtimeServer node(RedisBackplane.Builder redis, boolean across) {
        RealtimeConfig config = RealtimeConfig.builder()
                .backplane(redis.keyPrefix(PREFIX).build())
                .tokenKeys(List.of(KEY))
                .tabIdleTimeout(IDLE)
                .tabAttributesAcrossNodes(across)
                .build();
        return RealtimeServer.builder()
                .config(config)
                .sessionStore(sessions)
                .services(Prefs.class)
                .start();
    }
}
