package io.realtime.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.Connection;
import io.realtime.Duplex;
import io.realtime.PathParam;
import io.realtime.Presence;
import io.realtime.Topic;
import io.realtime.Topics;
import io.realtime.jetty.RealtimeServer;
import io.realtime.runtime.RealtimeConfig;
import io.realtime.spi.SharedPresence;
import io.realtime.testing.Await;
import io.realtime.testing.WebSocketRecorder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Who is here across two nodes sharing a real Redis: one list everywhere, a stopped node's members leave. */
class PresenceAcrossNodesTest {

    private static final Duration TTL = Duration.ofSeconds(1);
    private static RedisProcess redis;

    public static class Rooms {
        private final Topics topics;

        public Rooms(Topics topics) {
            this.topics = topics;
        }

        @Duplex("/rooms/{room}/{name}")
        public void enter(
                Connection<Object> connection, @PathParam("room") String room, @PathParam("name") String name) {
            Topic<Object> topic = topics.get("room:" + room);
            connection.subscribe(topic); // first, so that every change after the list reaches it
            topic.presence().join(connection, name);
        }
    }

    @BeforeAll
    static void startRedis() {
        redis = RedisProcess.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @Test
    void membersOfBothNodesAreListedOnBoth() {
        try (RealtimeServer a = node(Duration.ofSeconds(5));
                RealtimeServer b = node(Duration.ofSeconds(5));
                WebSocketRecorder ann = enter(a, "both", "ann")) {
            PresenceView annSees =
                    new PresenceView(ann).await("ann's own list", v -> v.names().contains("ann"));
            try (WebSocketRecorder bob = enter(b, "both", "bob")) {
                PresenceView bobSees = new PresenceView(bob).await("ann, on node A", v -> v.tabs() == 2);
                annSees.await("bob, on node B", v -> v.names().contains("bob"));
                assertThat(annSees.names()).containsExactly("ann", "bob");
                assertThat(bobSees.names()).containsExactly("ann", "bob");
                assertThat(annSees.heard()).containsExactly("join ann", "join bob");
                for (RealtimeServer node : List.of(a, b)) {
                    Presence presence = node.topics().get("room:both").presence();
                    assertThat(presence.roster().members())
                            .extracting(Presence.Member::name)
                            .containsExactly("ann", "bob"); // the longest present first, whichever node holds them
                    Await.until(
                            "both connections counted",
                            () -> presence.occupancy().equals(new Presence.Occupancy(2, 2, 2)),
                            presence::occupancy);
                }
            }
        }
    }

    @Test
    void aStoppedNodesMembersLeaveWithinTheTtl() {
        // Node B's grace period outlasts the test: only the TTL can make its members leave.
        try (RealtimeServer a = node(Duration.ofSeconds(5));
                WebSocketRecorder ann = enter(a, "crash", "ann")) {
            PresenceView annSees = new PresenceView(ann);
            RedisBackplane crashing =
                    RedisBackplane.builder(redis.url()).presenceTtl(TTL).build();
            RealtimeServer b = node(Duration.ofMinutes(10), crashing);
            try (WebSocketRecorder bob = enter(b, "crash", "bob");
                    WebSocketRecorder cid = enter(b, "crash", "cid")) {
                annSees.await("bob and cid, on node B", v -> v.tabs() == 3);
                assertThat(annSees.names()).containsExactlyInAnyOrder("ann", "bob", "cid");
            } finally {
                // A crash, as far as Redis can tell: the node's link goes first, so its stop cannot take its
                // members out, and its updates that keep them in Redis end.
                crashing.close();
                b.close();
            }
            annSees.await("node B's members leave", v -> v.tabs() == 1);
            assertThat(annSees.names()).containsExactly("ann");
            assertThat(annSees.heard()).hasSize(5).startsWith("join ann");
            assertThat(annSees.heard().subList(3, 5)).containsExactlyInAnyOrder("leave bob", "leave cid");
            assertThat(a.topics().get("room:crash").presence().occupancy()).isEqualTo(new Presence.Occupancy(1, 1, 1));
        }
    }

    @Test
    void aNodeThatStopsNormallyTakesItsMembersOutAtOnce() {
        // A TTL and a grace period that outlast the test: only node B's stop can make its members leave.
        try (RealtimeServer a = node(Duration.ofSeconds(5), 100, Duration.ofMinutes(10));
                WebSocketRecorder ann = enter(a, "drain", "ann")) {
            PresenceView annSees = new PresenceView(ann);
            RealtimeServer b = node(Duration.ofMinutes(10), 100, Duration.ofMinutes(10));
            try (WebSocketRecorder bob = enter(b, "drain", "bob");
                    WebSocketRecorder cid = enter(b, "drain", "cid")) {
                annSees.await("bob and cid, on node B", v -> v.tabs() == 3);
            } finally {
                b.close(); // a normal stop
            }
            annSees.await("node B's members leave long before the TTL", v -> v.tabs() == 1);
            assertThat(annSees.names()).containsExactly("ann");
            assertThat(annSees.heard().subList(3, annSees.heard().size()))
                    .containsExactlyInAnyOrder("leave bob", "leave cid");
            assertThat(a.topics().get("room:drain").presence().occupancy()).isEqualTo(new Presence.Occupancy(1, 1, 1));
        }
    }

    @Test
    void aTabReloadedOntoAnotherNodeIsNeitherLeaveNorJoin() {
        try (RedisBackplane x = RedisBackplane.builder(redis.url()).build();
                RedisBackplane y = RedisBackplane.builder(redis.url()).build()) {
            SharedPresence onX = x.presence().orElseThrow();
            SharedPresence onY = y.presence().orElseThrow();
            Presence.Member ann = new Presence.Member("m-ann", "", "ann", 1);
            SharedPresence.Outcome joined = onX.update("room:reload", changes(List.of(ann), List.of()), 100);
            assertThat(joined.changed()).isTrue();
            assertThat(joined.joined()).extracting(Presence.Member::name).containsExactly("ann");

            // The reloaded page reaches node Y while node X still holds the tab, in its grace period.
            SharedPresence.Outcome reloaded = onY.update("room:reload", changes(List.of(ann), List.of()), 100);
            SharedPresence.Outcome graceOver = onX.update("room:reload", changes(List.of(), List.of("m-ann")), 100);
            for (SharedPresence.Outcome quiet : List.of(reloaded, graceOver)) {
                assertThat(quiet.changed()).isFalse();
                assertThat(quiet.seq()).isEqualTo(joined.seq());
                assertThat(quiet.occupancy().tabs()).isEqualTo(1);
            }

            SharedPresence.Outcome gone = onY.update("room:reload", changes(List.of(), List.of("m-ann")), 100);
            assertThat(gone.changed()).isTrue();
            assertThat(gone.left()).containsExactly("m-ann");
            assertThat(gone.seq()).isGreaterThan(joined.seq());
            assertThat(gone.occupancy()).isEqualTo(new Presence.Occupancy(0, 0, 0));
        }
    }

    private static SharedPresence.Changes changes(List<Presence.Member> joined, List<String> left) {
        return new SharedPresence.Changes(joined, left, joined.size(), false, false);
    }

    @Test
    void occupancyOfATenThousandMemberRoomIsCountedWithoutListingIt() {
        int members = 10_000;
        int listLimit = 50;
        // A node of 10,000 members, writing to Redis as the runtime does, in batches.
        try (RedisBackplane crowd = RedisBackplane.builder(redis.url())
                        .presenceTtl(Duration.ofMinutes(1))
                        .build();
                RealtimeServer a = node(Duration.ofSeconds(5), listLimit)) {
            SharedPresence shared = crowd.presence().orElseThrow();
            for (int from = 0; from < members; from += 1000) {
                List<Presence.Member> joined = new ArrayList<>();
                IntStream.range(from, from + 1000)
                        .forEach(i -> joined.add(new Presence.Member("m" + i, "user" + (i % 5000), "member " + i, 1)));
                shared.update("room:big", new SharedPresence.Changes(joined, List.of(), members, false, false), 100);
            }

            Presence presence = a.topics().get("room:big").presence();
            assertThat(presence.occupancy()).isEqualTo(new Presence.Occupancy(5000, members, members));
            Presence.Roster roster = presence.roster();
            assertThat(roster.occupancy().tabs()).isEqualTo(members);
            assertThat(roster.members())
                    .hasSize(listLimit)
                    .extracting(Presence.Member::name)
                    .containsExactlyElementsOf(IntStream.range(0, listLimit)
                            .mapToObj(i -> "member " + i)
                            .toList());
        }
    }

    private static RealtimeServer node(Duration grace) {
        return node(grace, 100);
    }

    private static RealtimeServer node(Duration grace, int listLimit) {
        return node(grace, listLimit, TTL);
    }

    private static RealtimeServer node(Duration grace, int listLimit, Duration ttl) {
        return node(
                grace,
                listLimit,
                RedisBackplane.builder(redis.url()).presenceTtl(ttl).build());
    }

    private static RealtimeServer node(Duration grace, RedisBackplane backplane) {
        return node(grace, 100, backplane);
    }

    private static RealtimeServer node(Duration grace, int listLimit, RedisBackplane backplane) {
        RealtimeConfig config = RealtimeConfig.builder()
                .backplane(backplane)
                .presenceGrace(grace)
                .presenceListLimit(listLimit)
                .build();
        return RealtimeServer.builder().config(config).services(Rooms.class).start();
    }

    private static WebSocketRecorder enter(RealtimeServer node, String room, String name) {
        String path = "/rooms/" + room + "/" + name;
        return node.visitor().tab().negotiate(path).webSocket(path);
    }
}
