package io.realtime.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.jetty.RealtimeServer;
import io.realtime.runtime.Realtime;
import io.realtime.runtime.RealtimeConfig;
import io.realtime.runtime.TokenKey;
import io.realtime.testing.Await;
import io.realtime.testing.Visitor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Revoking a tab or a user on one node ends its connections on every node, through the backplane's control channel,
 * on every transport; other tabs and users keep theirs. Three nodes share a real Redis; each user logs in on each
 * node with a cookie session of that node.
 */
class RevokeAcrossNodesTest {

    private static final TokenKey KEY = TokenKey.of("shared", new byte[32]);
    private static RedisProcess redis;
    private final List<AutoCloseable> opened = new ArrayList<>();
    private RealtimeServer a;
    private RealtimeServer b;
    private RealtimeServer c;

    @BeforeAll
    static void startRedis() {
        redis = RedisProcess.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @BeforeEach
    void startNodes() {
        a = node();
        b = node();
        c = node();
    }

    @AfterEach
    void stopNodes() throws Exception {
        for (AutoCloseable closeable : opened) {
            closeable.close();
        }
        for (RealtimeServer node : List.of(a, b, c)) {
            node.close();
        }
    }

    @Test
    void revokingAUserEndsTheUsersConnectionsOnEveryNode() {
        List<TabConnections> alices = new ArrayList<>();
        for (RealtimeServer node : List.of(a, b, c)) {
            alices.add(TabConnections.open(Visitor.of(node.uri()).login("alice"), opened));
        }
        TabConnections bob = TabConnections.open(Visitor.of(b.uri()).login("bob"), opened);
        awaitInPlace(List.of(1, 2, 1));

        assertThat(Realtime.revokeUser(a.servletContext(), "alice"))
                .as("alice's connections on node A")
                .isPositive();

        alices.forEach(TabConnections::assertEnded);
        awaitInPlace(List.of(0, 1, 0));
        publishEverywhere("still here");
        bob.assertReceives("{\"text\":\"still here\"}");
    }

    @Test
    void revokingATabEndsItsConnectionsOnEveryNodeAndTheSameUsersOtherTabsStay() {
        Visitor alice = Visitor.of(b.uri()).login("alice");
        TabConnections revoked = TabConnections.open(alice, opened);
        TabConnections other = TabConnections.open(alice, opened);
        TabConnections elsewhere = TabConnections.open(Visitor.of(c.uri()).login("alice"), opened);
        awaitInPlace(List.of(0, 2, 1));

        assertThat(Realtime.revokeTab(a.servletContext(), revoked.tab().id()))
                .as("the tab has no connection on node A")
                .isZero();

        revoked.assertEnded();
        awaitInPlace(List.of(0, 1, 1));
        publishEverywhere("still here");
        other.assertReceives("{\"text\":\"still here\"}");
        elsewhere.assertReceives("{\"text\":\"still here\"}");
    }

    /** Waits until each node has this many tabs connected on all three transports. */
    private void awaitInPlace(List<Integer> tabs) {
        List<RealtimeServer> nodes = List.of(a, b, c);
        for (int i = 0; i < 3; i++) {
            int expected = tabs.get(i);
            Await.stats(
                    nodes.get(i),
                    expected + " tabs' connections in place",
                    stats -> stats.subscriptions() == 3 * expected && stats.waitingPolls() == expected);
        }
    }

    private void publishEverywhere(String text) {
        SessionEndAcrossNodesTest.Board.Note note = new SessionEndAcrossNodesTest.Board.Note(text);
        for (String topic : new String[] {"board", "inbox", "room"}) {
            a.topics().get(topic).publish(note);
        }
    }

    private static RealtimeServer node() {
        RealtimeConfig config = RealtimeConfig.builder()
                .backplane(RedisBackplane.builder(redis.url()).build())
                .tokenKeys(List.of(KEY))
                .build();
        return RealtimeServer.builder()
                .config(config)
                .users("alice", "bob")
                .services(SessionEndAcrossNodesTest.Board.class)
                .start();
    }
}
