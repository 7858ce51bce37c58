package io.realtime.redis;

import io.realtime.Connection;
import io.realtime.Duplex;
import io.realtime.Push;
import io.realtime.Stream;
import io.realtime.Topic;
import io.realtime.Topics;
import io.realtime.jetty.RealtimeServer;
import io.realtime.redis.SessionEndAcrossNodesTest.Board.Note;
import io.realtime.runtime.RealtimeConfig;
import io.realtime.runtime.TokenKey;
import io.realtime.testing.Await;
import io.realtime.testing.Visitor;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Publishing to one user reaches that user's tabs on every node: the library's answer is a topic per user (named
 * from the request's {@link Principal}) on the Redis backplane, which every node follows while one of the user's
 * tabs is connected to it (docs/scaling.md, "Sending to one user"). Three nodes share a real Redis; alice has a tab
 * on each node, bob one on the middle node, each tab on all three transports.
 */
class PerUserPublishAcrossNodesTest {

    private static final TokenKey KEY = TokenKey.of("shared", new byte[32]);

    /** Every endpoint follows the caller's own topic: one per user. */
    public static class Mailbox {
        private final Topics topics;

        public Mailbox(Topics topics) {
            this.topics = topics;
        }

        static String of(String user) {
            return "user/" + user;
        }

        @Stream("/board")
        public Topic<Note> board(Principal user) {
            return topics.get(of(user.getName()));
        }

        @Push("/inbox")
        public Topic<Note> inbox(Principal user) {
            return topics.get(of(user.getName()));
        }

        @Duplex("/room")
        public Topic<Note> join(Connection<Note> connection, Principal user) {
            return topics.get(of(user.getName()));
        }

        @Duplex("/room")
        public Note say(Note note) {
            return note;
        }
    }

    private final List<AutoCloseable> opened = new ArrayList<>();
    private RedisProcess redis;
    private List<RealtimeServer> nodes;

    @BeforeEach
    void start() {
        redis = RedisProcess.start();
        nodes = List.of(node(), node(), node());
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable closeable : opened) {
            closeable.close();
        }
        for (RealtimeServer node : nodes) {
            node.close();
        }
        redis.close();
    }

    @Test
    void aPublishToOneUserReachesTheUsersTabsOnEveryNodeAndNoOneElse() {
        List<TabConnections> alices = new ArrayList<>();
        for (RealtimeServer node : nodes) {
            alices.add(TabConnections.open(Visitor.of(node.uri()).login("alice"), opened));
        }
        TabConnections bob = TabConnections.open(Visitor.of(nodes.get(1).uri()).login("bob"), opened);
        int[] tabs = {1, 2, 1};
        for (int i = 0; i < 3; i++) {
            int expected = tabs[i];
            Await.stats(
                    nodes.get(i),
                    expected + " tabs' connections in place",
                    stats -> stats.subscriptions() == 3 * expected && stats.waitingPolls() == expected);
        }

        nodes.get(0).topics().get(Mailbox.of("alice")).publish(new Note("for alice"));
        for (TabConnections alice : alices) {
            alice.assertReceives("{\"text\":\"for alice\"}");
        }

        nodes.get(2).topics().get(Mailbox.of("bob")).publish(new Note("for bob"));
        // bob's first event on each transport is his own: alice's, published and delivered before, never came
        bob.assertReceives("{\"text\":\"for bob\"}");
    }

    private RealtimeServer node() {
        RealtimeConfig config = RealtimeConfig.builder()
                .backplane(RedisBackplane.builder(redis.url()).build())
                .tokenKeys(List.of(KEY))
                .build();
        return RealtimeServer.builder()
                .config(config)
                .users("alice", "bob")
                .services(Mailbox.class)
                .start();
    }
}
