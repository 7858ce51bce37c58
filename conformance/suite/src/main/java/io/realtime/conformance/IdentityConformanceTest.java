package io.realtime.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.realtime.Connection;
import io.realtime.Duplex;
import io.realtime.Push;
import io.realtime.RealtimeSession;
import io.realtime.Stream;
import io.realtime.testing.ContainerServer;
import io.realtime.testing.PollRecorder;
import io.realtime.testing.ServerExtension;
import io.realtime.testing.SseRecorder;
import io.realtime.testing.Visitor;
import io.realtime.testing.WebSocketRecorder;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One tab is one {@code RealtimeSession} on every transport: the token negotiation issues is honoured over
 * Server-Sent Events, long-poll, the {@code POST} uplink and WebSocket; an attribute set from a {@code @Duplex}
 * message is read by a {@code @Stream} and a {@code @Push} method of the same tab and by no other tab of the same
 * cookie session; every method sees the same user, the container's principal of a real login.
 */
class IdentityConformanceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a method saw of its session. */
    public record Seen(String tab, String user, Map<String, Object> attributes, boolean cookieSession) {
        static Seen of(RealtimeSession session) {
            return new Seen(
                    session.id(),
                    session.user().map(Principal::getName).orElse(null),
                    new TreeMap<>(session.attributes()),
                    session.httpSession().isPresent());
        }
    }

    public record Note(String key, String value) {}

    public static class Notes {
        @Duplex("/notes")
        public void join(Connection<Seen> connection, RealtimeSession session) {
            if (connection.session() != session) {
                throw new IllegalStateException("The connection's session is not the one injected");
            }
            connection.send("welcome", Seen.of(session));
        }

        @Duplex("/notes")
        public Seen note(Note note, RealtimeSession session) {
            session.attributes().put(note.key(), note.value());
            return Seen.of(session);
        }

        @Stream("/seen")
        public List<Seen> stream(RealtimeSession session) {
            return List.of(Seen.of(session));
        }

        @Push("/seen/push")
        public Seen push(RealtimeSession session) {
            return Seen.of(session);
        }
    }

    @RegisterExtension
    static final ServerExtension<ContainerServer> server =
            ServerExtension.of(ContainerServer.builder().users("alice").services(Notes.class));

    @Test
    void anAttributeSetOverWebSocketIsSeenByEveryTransportOfTheTabAndNoOtherTab() throws Exception {
        Visitor alice = server.get().visitor().login("alice");
        Visitor.Tab tab = alice.tab().negotiate("/notes");
        Seen empty = new Seen(tab.id(), "alice", Map.of(), true);
        Seen blue = new Seen(tab.id(), "alice", Map.of("color", "blue"), true);

        try (WebSocketRecorder socket = tab.webSocket("/notes")) {
            assertThat(socket.subprotocol()).as("never the token's subprotocol").isEqualTo("realtime.v1");
            String welcome = socket.next();
            assertThat(JSON.readTree(welcome).path("event").asText()).isEqualTo("welcome");
            assertThat(data(welcome)).isEqualTo(empty);
            socket.send("{\"ref\":1,\"data\":{\"key\":\"color\",\"value\":\"blue\"}}");
            assertThat(data(socket.next())).isEqualTo(blue);
        }
        try (SseRecorder sse = tab.sse("/seen")) {
            assertThat(read(sse.next().data()))
                    .as("@Stream over Server-Sent Events")
                    .isEqualTo(blue);
        }
        try (PollRecorder poll = tab.poll("/seen?transport=poll")) {
            assertThat(read(poll.next().data())).as("@Stream over long-poll").isEqualTo(blue);
        }
        assertThat(read(tab.get("/seen/push").body())).as("@Push").isEqualTo(blue);

        Visitor.Tab other = alice.tab().negotiate("/seen");
        assertThat(other.id()).isNotEqualTo(tab.id());
        try (SseRecorder sse = other.sse("/seen")) {
            assertThat(read(sse.next().data())).isEqualTo(new Seen(other.id(), "alice", Map.of(), true));
        }
    }

    @Test
    void theFallbackUplinkSharesTheTabToo() throws Exception {
        Visitor alice = server.get().visitor().login("alice");
        Visitor.Tab tab = alice.tab().negotiate("/notes");
        Seen large = new Seen(tab.id(), "alice", Map.of("size", "L"), true);
        assertThat(data(tab.post("/notes", "{\"ref\":7,\"data\":{\"key\":\"size\",\"value\":\"L\"}}")
                        .body()))
                .isEqualTo(large);
        try (WebSocketRecorder socket = tab.webSocket("/notes")) {
            assertThat(data(socket.next())).isEqualTo(large);
        }
        assertThat(read(tab.get("/seen/push").body())).isEqualTo(large);
    }

    @Test
    void negotiatingAgainWithTheTokenKeepsTheTab() throws Exception {
        Visitor alice = server.get().visitor().login("alice");
        Visitor.Tab tab = alice.tab().negotiate("/notes");
        tab.post("/notes", "{\"data\":{\"key\":\"k\",\"value\":\"v\"}}");
        String before = tab.id();
        assertThat(tab.negotiate("/seen").id()).isEqualTo(before);
        assertThat(read(tab.get("/seen/push").body()).attributes()).containsEntry("k", "v");
    }

    @Test
    void clientsWithoutATokenGetATabOfTheirOwnPerRequest() throws Exception {
        Visitor anonymous = server.get().visitor();
        int tabs = server.get().stats().tabs();
        Seen first = read(anonymous.get("/seen/push").body());
        Seen second = read(anonymous.get("/seen/push").body());
        assertThat(first.tab()).isNotEqualTo(second.tab()).hasSize(22);
        assertThat(first.user()).isNull();
        assertThat(first.cookieSession()).isFalse();
        assertThat(server.get().stats().tabs()).as("nothing is kept for them").isEqualTo(tabs);
    }

    /** The {@code data} of a WebSocket frame or an uplink's reply. */
    private static Seen data(String frame) throws Exception {
        return JSON.treeToValue(JSON.readTree(frame).path("data"), Seen.class);
    }

    private static Seen read(String json) throws Exception {
        return JSON.readValue(json, Seen.class);
    }
}
