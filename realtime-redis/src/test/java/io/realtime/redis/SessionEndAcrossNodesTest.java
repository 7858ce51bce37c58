package io.realtime.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.Connection;
import io.realtime.Duplex;
import io.realtime.Push;
import io.realtime.Stream;
import io.realtime.Topic;
import io.realtime.Topics;
import io.realtime.jetty.RealtimeServer;
import io.realtime.jetty.SharedSessions;
import io.realtime.runtime.RealtimeConfig;
import io.realtime.runtime.TokenKey;
import io.realtime.testing.Await;
import io.realtime.testing.Visitor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * A logout on one node ends the cookie session's connections on every node, through the backplane's control
 * channel, on every transport and in the way docs/protocol.md shows for a local logout; other sessions' connections
 * stay. Three nodes share a session store, as a cluster does, and a real Redis, or a Redis Cluster of three masters.
 */
class SessionEndAcrossNodesTest {

    private static final TokenKey KEY = TokenKey.of("shared", new byte[32]);

    private final SharedSessions sessions = SharedSessions.create();

    /** An endpoint of each kind, each on its own topic. */
    public static class Board {
        public record Note(String text) {}

        private final Topics topics;

        public Board(Topics topics) {
            this.topics = topics;
        }

        @Stream("/board")
        public Topic<Note> board() {
            return topics.get("board");
        }

        @Push("/inbox")
        public Topic<Note> inbox() {
            return topics.get("inbox");
        }

        @Duplex("/room")
        public Topic<Note> join(Connection<Note> connection) {
            return topics.get("room");
        }

        @Duplex("/room")
        public Note say(Note note) {
            return note;
        }
    }

    @Test
    void aLogoutOnOneNodeTabConnectionsTheSessionOnEveryNodeOfOneRedis() {
        try (RedisProcess redis = RedisProcess.start()) {
            logoutOnNodeATabConnectionsTheSessionOnBAndC(() -> RedisBackplane.builder(redis.url()));
        }
    }

    @Test
    void aLogoutOnOneNodeTabConnectionsTheSessionOnEveryNodeOfARedisCluster() {
        try (RedisCluster cluster = RedisCluster.start(3, 0, Duration.ofSeconds(5))) {
            logoutOnNodeATabConnectionsTheSessionOnBAndC(
                    () -> RedisBackplane.clusterBuilder(cluster.urls().toArray(String[]::new)));
        }
    }

    private void logoutOnNodeATabConnectionsTheSessionOnBAndC(Supplier<RedisBackplane.Builder> redis) {
        try (RealtimeServer a = node(redis.get());
                RealtimeServer b = node(redis.get());
                RealtimeServer c = node(redis.get())) {
            Visitor alice = Visitor.of(a.uri()).startSession();
            Visitor bob = Visitor.of(a.uri()).startSession();
            assertThat(alice.on(b.uri()).sessionId())
                    .as("the nodes share the session store")
                    .isEqualTo(alice.sessionId());
            List<AutoCloseable> opened = new ArrayList<>();
            try {
                List<TabConnections> alices = new ArrayList<>();
                for (RealtimeServer node : List.of(a, b, c)) {
                    alices.add(TabConnections.open(alice.on(node.uri()), opened));
                }
                TabConnections bobOnC = TabConnections.open(bob.on(c.uri()), opened);
                for (RealtimeServer node : List.of(a, b, c)) {
                    Await.stats(
                            node,
                            "every connection and poll in place",
                            stats -> stats.subscriptions() == (node == c ? 6 : 3)
                                    && stats.waitingPolls() == (node == c ? 2 : 1));
                }

                long loggedOut = System.nanoTime();
                alice.logout();

                for (TabConnections ends : alices) {
                    ends.assertEnded();
                }
                long tookMillis =
                        Duration.ofNanos(System.nanoTime() - loggedOut).toMillis();
                System.out.println("A logout on node A ended the session's 9 connections on nodes A, B and C in "
                        + tookMillis + " ms");
                for (RealtimeServer node : List.of(a, b, c)) {
                    Await.stats(
                            node,
                            "alice's connections gone",
                            stats -> stats.subscriptions() == (node == c ? 3 : 0) && stats.httpSessions() <= 1);
                }
                Board.Note still = new Board.Note("still here");
                for (String topic : new String[] {"board", "inbox", "room"}) {
                    a.topics().get(topic).publish(still);
                }
                bobOnC.assertReceives("{\"text\":\"still here\"}");
            } finally {
                for (AutoCloseable closeable : opened) {
                    try {
                        closeable.close();
                    } catch (Exception ignored) {
                        // closing what already ended
                    }
                }
            }
        }
    }

    private RealtimeServer node(RedisBackplane.Builder redis) {
        RealtimeConfig config = RealtimeConfig.builder()
                .backplane(redis.build())
                .tokenKeys(List.of(KEY))
                .build();
        return RealtimeServer.builder()
                .config(config)
                .sessionStore(sessions)
                .services(Board.class)
                .start();
    }
}
