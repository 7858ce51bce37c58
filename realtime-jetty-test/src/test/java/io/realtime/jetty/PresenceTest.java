package io.realtime.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.realtime.Connection;
import io.realtime.Duplex;
import io.realtime.PathParam;
import io.realtime.Presence;
import io.realtime.Topic;
import io.realtime.Topics;
import io.realtime.runtime.RealtimeConfig;
import io.realtime.testing.Await;
import io.realtime.testing.Visitor;
import io.realtime.testing.WebSocketRecorder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Who is here, over real WebSockets: joins, a reload that is neither leave nor join, a leave after the grace. */
class PresenceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static class Room {
        private final Topics topics;

        public Room(Topics topics) {
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

    @RegisterExtension
    static final RealtimeServerExtension server = RealtimeServerExtension.of(RealtimeServer.builder()
            .config(RealtimeConfig.builder()
                    .presenceGrace(Duration.ofSeconds(3))
                    .build())
            .services(Room.class));

    @Test
    void joinsReloadsAndLeavesReachTheOthers() throws Exception {
        Visitor.Tab annTab = server.get().visitor().tab().negotiate("/rooms/lobby/ann");
        Visitor.Tab bobTab = server.get().visitor().tab().negotiate("/rooms/lobby/bob");
        List<WebSocketRecorder> open = new ArrayList<>();
        try {
            WebSocketRecorder ann = track(open, annTab.webSocket("/rooms/lobby/ann"));
            JsonNode annList = presence(ann);
            assertThat(names(annList.path("members"))).containsExactly("ann");
            assertThat(names(presence(ann).path("joined"))).containsExactly("ann");

            WebSocketRecorder bob = track(open, bobTab.webSocket("/rooms/lobby/bob"));
            JsonNode bobList = presence(bob);
            assertThat(names(bobList.path("members"))).containsExactly("ann", "bob");
            JsonNode bobJoined = presence(ann);
            assertThat(names(bobJoined.path("joined"))).containsExactly("bob");
            assertThat(bobJoined.path("occupancy").path("tabs").asInt()).isEqualTo(2);
            String bobId = bobJoined.path("joined").get(0).path("id").asText();
            assertThat(presence(bob))
                    .as("Bob hears his own join after the list")
                    .isEqualTo(bobJoined);

            // Ann reloads: her tab's new connection within the grace period is neither a leave nor a join.
            ann.close();
            ann = track(open, annTab.webSocket("/rooms/lobby/ann"));
            assertThat(names(presence(ann).path("members"))).containsExactly("ann", "bob");
            Visitor.Tab carolTab = server.get().visitor().tab().negotiate("/rooms/lobby/carol");
            WebSocketRecorder carol = track(open, carolTab.webSocket("/rooms/lobby/carol"));
            presence(carol);
            JsonNode next = presence(bob); // Bob hears Carol, and nothing of Ann's reload before her
            assertThat(names(next.path("joined"))).containsExactly("carol");
            assertThat(next.path("left")).isEmpty();

            // Bob's tab goes for good: after the grace period the others hear that he left.
            bob.close();
            JsonNode left = presence(ann);
            while (left.path("left").isEmpty()) {
                left = presence(ann); // Carol's join, unless it was already read with the reload's list
            }
            assertThat(left.path("left").get(0).asText()).isEqualTo(bobId);
            assertThat(left.path("occupancy").path("tabs").asInt()).isEqualTo(2);
            Presence presence = server.get().topics().get("room:lobby").presence();
            assertThat(presence.occupancy()).isEqualTo(new Presence.Occupancy(2, 2, 2));
            assertThat(presence.roster().members())
                    .extracting(Presence.Member::name)
                    .containsExactly("ann", "carol");
        } finally {
            open.forEach(WebSocketRecorder::close);
        }
        Await.until(
                "the room empties",
                () -> server.get()
                                .topics()
                                .get("room:lobby")
                                .presence()
                                .occupancy()
                                .tabs()
                        == 0);
    }

    private static WebSocketRecorder track(List<WebSocketRecorder> open, WebSocketRecorder socket) {
        open.add(socket);
        return socket;
    }

    /** The data of the next frame, which must be a {@code presence} event. */
    private static JsonNode presence(WebSocketRecorder socket) throws Exception {
        JsonNode frame = JSON.readTree(socket.next());
        assertThat(frame.path("event").asText()).as(frame.toString()).isEqualTo("presence");
        return frame.path("data");
    }

    private static List<String> names(JsonNode members) {
        List<String> names = new ArrayList<>();
        members.forEach(member -> names.add(member.path("name").asText()));
        return names;
    }
}
