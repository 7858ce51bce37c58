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
import io.realtime.testing.Await;
import io.realtime.testing.WebSocketRecorder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Who is here across three nodes sharing a three-master Redis Cluster: a room's presence lives in its topic's
 * slot, so rooms on every master list the members of every node, and a node that stops takes its members out.
 */
class PresenceOnClusterTest {

    public static class Rooms {
        private final Topics topics;

        public Rooms(Topics topics) {
            this.topics = topics;
        }

        @Duplex("/rooms/{room}/{name}")
        public void enter(
                Connection<Object> connection, @PathParam("room") String room, @PathParam("name") String name) {
            Topic<Object> topic = topics.get(room);
            connection.subscribe(topic); // first, so that every change after the list reaches it
            topic.presence().join(connection, name);
        }
    }

    @Test
    void roomsOnEveryMasterListTheMembersOfEveryNode() {
        try (RedisCluster cluster = RedisCluster.start(3, 0, Duration.ofSeconds(5));
                RealtimeServer a = node(cluster);
                RealtimeServer b = node(cluster)) {
            List<String> rooms = cluster.topicsOnEveryMaster("presence-");
            assertThat(rooms).hasSize(3);
            RealtimeServer c = node(cluster);
            List<WebSocketRecorder> sockets = new ArrayList<>();
            try {
                List<PresenceView> annSees = new ArrayList<>();
                for (String room : rooms) {
                    WebSocketRecorder ann = enter(a, room, "ann");
                    sockets.add(ann);
                    annSees.add(new PresenceView(ann).await("ann's own list in " + room, v -> v.tabs() == 1));
                    sockets.add(enter(b, room, "bob"));
                    sockets.add(enter(c, room, "cid"));
                }
                for (int r = 0; r < rooms.size(); r++) {
                    String room = rooms.get(r);
                    annSees.get(r).await("bob and cid in " + room, v -> v.tabs() == 3);
                    // bob and cid join at about the same time on two nodes: either may be listed first.
                    assertThat(annSees.get(r).names()).containsExactlyInAnyOrder("ann", "bob", "cid");
                    for (RealtimeServer node : List.of(a, b, c)) {
                        Presence presence = node.topics().get(room).presence();
                        Await.until(
                                "three members of " + room + " counted on every node",
                                () -> presence.occupancy().equals(new Presence.Occupancy(3, 3, 3)),
                                presence::occupancy);
                        assertThat(presence.roster().members())
                                .extracting(Presence.Member::name)
                                .startsWith("ann") // the longest present first
                                .containsExactlyInAnyOrder("ann", "bob", "cid");
                    }
                }
            } finally {
                c.close(); // a normal stop: its members leave at once, in every room
            }
            for (String room : rooms) {
                Presence presence = a.topics().get(room).presence();
                Await.until(
                        "cid, of the stopped node, gone from " + room,
                        () -> presence.occupancy().equals(new Presence.Occupancy(2, 2, 2)),
                        presence::occupancy);
                assertThat(presence.roster().members())
                        .extracting(Presence.Member::name)
                        .containsExactly("ann", "bob");
            }
            for (WebSocketRecorder socket : sockets) {
                socket.close();
            }
        }
    }

    private static RealtimeServer node(RedisCluster cluster) {
        RedisBackplane backplane = RedisBackplane.clusterBuilder(cluster.urls().toArray(String[]::new))
                .presenceTtl(Duration.ofMinutes(10)) // longer than the test: only a stop makes members leave
                .build();
        RealtimeConfig config = RealtimeConfig.builder()
                .backplane(backplane)
                .presenceGrace(Duration.ofSeconds(5))
                .build();
        return RealtimeServer.builder().config(config).services(Rooms.class).start();
    }

    private static WebSocketRecorder enter(RealtimeServer node, String room, String name) {
        String path = "/rooms/" + room + "/" + name;
        return node.visitor().tab().negotiate(path).webSocket(path);
    }
}
