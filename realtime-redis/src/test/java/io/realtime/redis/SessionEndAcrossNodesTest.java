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
import io.realtime.testing.PollRecorder;
import io.realtime.testing.SseRecorder;
import io.realtime.testing.Visitor;
import io.realtime.testing.WebSocketRecorder;
import java.nio.charset.StandardCharsets;
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

    private static final String ENDED = "{\"code\":\"session_ended\",\"message\":\"The HTTP session has ended\"}";
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final TokenKey KEY = TokenKey.of("shared", new byte[32]);

    private final SharedSessions sessions = SharedSessions.create();

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
    void aLogoutOnOneNodeEndsTheSessionOnEveryNodeOfOneRedis() {
        try (RedisProcess redis = RedisProcess.start()) {
            logoutOnNodeAEndsTheSessionOnBAndC(() -> RedisBackplane.builder(redis.url()));
        }
    }

    @Test
    void aLogoutOnOneNodeEndsTheSessionOnEveryNodeOfARedisCluster() {
        try (RedisCluster cluster = RedisCluster.start(3, 0, Duration.ofSeconds(5))) {
            logoutOnNodeAEndsTheSessionOnBAndC(
                    () -> RedisBackplane.clusterBuilder(cluster.urls().toArray(String[]::new)));
        }
    }

    private void logoutOnNodeAEndsTheSessionOnBAndC(Supplier<RedisBackplane.Builder> redis) {
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
                List<Ends> alices = new ArrayList<>();
                for (RealtimeServer node : List.of(a, b, c)) {
                    alices.add(Ends.open(alice.on(node.uri()), opened));
                }
                Ends bobOnC = Ends.open(bob.on(c.uri()), opened);
                for (RealtimeServer node : List.of(a, b, c)) {
                    Await.stats(
                            node,
                            "every connection and poll in place",
                            stats -> stats.subscriptions() == (node == c ? 6 : 3)
                                    && stats.waitingPolls() == (node == c ? 2 : 1));
                }

                long loggedOut = System.nanoTime();
                alice.logout();

                for (Ends ends : alices) {
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

    /** One tab's connections on one node, a connection per transport. */
    private record Ends(SseRecorder sse, PollRecorder poll, WebSocketRecorder socket) {

        static Ends open(Visitor visitor, List<AutoCloseable> opened) {
            Visitor.Tab tab = visitor.tab().negotiate("/board");
            Ends ends = new Ends(tab.sse("/board"), tab.poll("/inbox"), tab.webSocket("/room?lastEventId="));
            opened.addAll(List.of(ends.sse, ends.poll, ends.socket));
            return ends;
        }

        void assertEnded() {
            assertThat(sse.next(WAIT).event()).isEqualTo("revoked");
            sse.awaitEnd(WAIT);
            assertThat(new String(sse.raw(), StandardCharsets.UTF_8))
                    .endsWith("event: revoked\ndata: " + ENDED + "\n\n");
            assertThat(poll.awaitStop(WAIT)).isEqualTo("status 401 {\"error\":" + ENDED + "}");
            assertThat(socket.awaitClose(WAIT)).isEqualTo(new WebSocketRecorder.Close(1008, "session_ended"));
        }

        void assertReceives(String data) {
            assertThat(sse.next(WAIT).data()).isEqualTo(data);
            assertThat(poll.next(WAIT).data()).isEqualTo(data);
            assertThat(socket.next()).contains("\"data\":" + data);
            assertThat(socket.isOpen()).isTrue();
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
