package io.realtime.samples.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.realtime.testing.SseEvent;
import io.realtime.testing.SseRecorder;
import io.realtime.testing.Visitor;
import io.realtime.testing.WebSocketRecorder;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The chat: a line fans out to every connection of the room as {@code {"from","text","at"}}, the sender gets its
 * acknowledgement, and the sender's name is the nickname its tab chose. The browsers' tabs negotiate and send
 * their tab tokens, as {@code chat.html} does through {@code realtime.js}. Each connection also joins the room's
 * presence: its welcome comes first, then the list, and changes whenever the runtime publishes them, so the tests
 * of lines read past {@code presence} events, and one test checks them.
 */
@ParameterizedClass
@EnumSource(Container.class)
@ExtendWith(Container.Cleanup.class)
class ChatSmokeIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration QUIET = Duration.ofMillis(200);

    private final Samples samples;
    private final String path = "/chat/smoke-" + UUID.randomUUID().toString().substring(0, 8);

    ChatSmokeIT(Container container) {
        this.samples = container.samples();
    }

    @Test
    void aLineReachesTheWholeRoomAndTheSenderIsAcknowledged() throws IOException {
        try (WebSocketRecorder alice = join(tab(samples.visitor()));
                WebSocketRecorder bob = join(tab(samples.visitor()))) {
            alice.send("{\"ref\":1,\"data\":{\"nick\":\"alice\"}}");
            assertThat(line(alice)).isEqualTo("{\"ref\":1,\"data\":{\"from\":\"alice\"}}");
            bob.send("{\"ref\":1,\"data\":{\"nick\":\"bob\"}}");
            assertThat(line(bob)).isEqualTo("{\"ref\":1,\"data\":{\"from\":\"bob\"}}");

            alice.send("{\"ref\":2,\"data\":{\"text\":\"hello, room\"}}");
            List<JsonNode> frames = List.of(JSON.readTree(line(alice)), JSON.readTree(line(alice)));
            JsonNode ack = frames.stream().filter(f -> f.has("ref")).findFirst().orElseThrow();
            JsonNode line =
                    frames.stream().filter(f -> f.has("event")).findFirst().orElseThrow();
            assertThat(ack.path("ref").asInt()).isEqualTo(2);
            assertThat(ack.path("data").path("from").asText()).isEqualTo("alice");
            assertThat(line.path("event").asText()).isEqualTo("message");
            assertThat(line.path("id").asText())
                    .isEqualTo(ack.path("data").path("id").asText());
            assertLine(line.path("data"), "alice", "hello, room");

            JsonNode heard = JSON.readTree(line(bob));
            assertThat(heard).isEqualTo(line);
            bob.send("{\"ref\":2,\"data\":{\"text\":\"hi alice\"}}");
            assertLine(JSON.readTree(line(alice)).path("data"), "bob", "hi alice");
            lines(bob, 2); // its own ack and line
            assertNoMoreLines(alice);
            assertNoMoreLines(bob);
        }
    }

    @Test
    void aJoiningConnectionGetsTheListAfterItsWelcomeAndTheRoomHearsOfIt() throws IOException {
        try (WebSocketRecorder alice = tab(samples.visitor()).webSocket(path)) {
            String aliceName = welcome(alice);
            JsonNode list = JSON.readTree(alice.next()); // the list, sent to the joining connection alone
            assertThat(list.path("event").asText()).as(list.toString()).isEqualTo("presence");
            assertThat(list.has("id")).as("the list has no cursor").isFalse();
            assertThat(list.path("data").path("members").findValuesAsText("name"))
                    .contains(aliceName);
            try (WebSocketRecorder bob = tab(samples.visitor()).webSocket(path)) {
                String bobName = welcome(bob);
                assertThat(awaitHere(alice, 2)).contains(bobName);
                assertThat(awaitHere(bob, 2)).contains(aliceName, bobName);
            }
        }
    }

    @Test
    void aNicknameBelongsToItsTabAcrossReloadsAndTransports() throws IOException {
        Visitor browser = samples.visitor();
        Visitor.Tab first = tab(browser);
        Visitor.Tab second = tab(browser); // the same cookie session, another tab
        assertThat(first.id()).isNotEqualTo(second.id());
        try (WebSocketRecorder socket = first.webSocket(path)) {
            assertThat(welcome(socket)).matches("guest-\\d{3}");
            socket.send("{\"ref\":1,\"data\":{\"nick\":\"alice\"}}");
            assertThat(line(socket)).isEqualTo("{\"ref\":1,\"data\":{\"from\":\"alice\"}}");
        }

        String tab = first.id();
        first.negotiate(path); // a reload: realtime.js negotiates again with the token the tab kept
        assertThat(first.id()).isEqualTo(tab);
        try (WebSocketRecorder reloaded = first.webSocket(path);
                WebSocketRecorder other = second.webSocket(path)) {
            assertThat(welcome(reloaded)).isEqualTo("alice");
            String guest = welcome(other);
            assertThat(guest).matches("guest-\\d{3}");
            other.send("{\"ref\":1,\"data\":{\"text\":\"who is alice?\"}}");
            assertLine(JSON.readTree(line(reloaded)).path("data"), guest, "who is alice?");
        }

        // Where WebSocket is blocked: a stream downstream, POST upstream, each request carrying the token.
        try (SseRecorder down = first.sse(path)) {
            SseEvent welcome = down.next();
            assertThat(welcome.event()).isEqualTo("welcome");
            assertThat(welcome.data()).isEqualTo("{\"from\":\"alice\"}");
            HttpResponse<String> reply = first.post(path, "{\"ref\":1,\"data\":{\"text\":\"over the fallback\"}}");
            assertThat(reply.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(reply.body()).path("data").path("from").asText())
                    .isEqualTo("alice");
            SseEvent line = line(down);
            assertThat(line.event()).isEqualTo("message");
            assertLine(JSON.readTree(line.data()), "alice", "over the fallback");
        }
    }

    @Test
    void aClientWithoutATokenIsATabOfItsConnectionAlone() throws IOException {
        Visitor plain = samples.visitor(); // its tabs never negotiate, as a plain WebSocket client
        try (WebSocketRecorder socket = join(plain.tab())) {
            socket.send("{\"ref\":1,\"data\":{\"nick\":\"carol\"}}");
            assertThat(line(socket)).isEqualTo("{\"ref\":1,\"data\":{\"from\":\"carol\"}}");
            socket.send("{\"ref\":2,\"data\":{\"text\":\"as carol\"}}");
            assertThat(lines(socket, 2))
                    .anySatisfy(frame -> assertThat(frame).startsWith("{\"ref\":2,\"data\":{\"from\":\"carol\""));
        }
        try (WebSocketRecorder again = plain.tab().webSocket(path)) {
            assertThat(welcome(again)).matches("guest-\\d{3}");
        }
        HttpResponse<String> posted = plain.tab().post(path, "{\"ref\":1,\"data\":{\"text\":\"by post\"}}");
        assertThat(JSON.readTree(posted.body()).path("data").path("from").asText())
                .matches("guest-\\d{3}");
    }

    @Test
    void badMessagesGetAnErrorReplyAndTheConnectionStays() throws IOException {
        try (WebSocketRecorder carol = join(tab(samples.visitor()))) {
            carol.send("{\"ref\":1,\"data\":{}}");
            assertError(line(carol), 1);
            carol.send("{\"ref\":2,\"data\":{\"text\":\"" + "x".repeat(501) + "\"}}");
            assertError(line(carol), 2);
            carol.send("{\"ref\":3,\"data\":{\"nick\":\"<script>\"}}");
            assertError(line(carol), 3);
            carol.send("{\"ref\":4,\"data\":{\"text\":\"still here\"}}");
            assertThat(lines(carol, 2)).anySatisfy(frame -> assertThat(frame).startsWith("{\"ref\":4,\"data\":"));
        }
    }

    /** A new tab of {@code browser} on the chat page: it has negotiated, so it holds its token. */
    private Visitor.Tab tab(Visitor browser) {
        return browser.tab().negotiate(path);
    }

    /** Opens the tab's WebSocket to the room and reads its welcome, sent once the connection follows the room. */
    private WebSocketRecorder join(Visitor.Tab tab) throws IOException {
        WebSocketRecorder socket = tab.webSocket(path);
        welcome(socket);
        return socket;
    }

    /** @return the name in the welcome, the first frame a connection receives */
    private static String welcome(WebSocketRecorder socket) throws IOException {
        JsonNode welcome = JSON.readTree(socket.next());
        assertThat(welcome.path("event").asText()).as(welcome.toString()).isEqualTo("welcome");
        assertThat(welcome.has("id")).as("a welcome has no cursor").isFalse();
        return welcome.path("data").path("from").asText();
    }

    /** @return the next frame that is not a {@code presence} event, which arrive whenever the runtime sends them */
    private static String line(WebSocketRecorder socket) throws IOException {
        for (; ; ) {
            String frame = socket.next();
            if (!isPresence(frame)) {
                return frame;
            }
        }
    }

    private static List<String> lines(WebSocketRecorder socket, int count) throws IOException {
        List<String> frames = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            frames.add(line(socket));
        }
        return frames;
    }

    private static SseEvent line(SseRecorder down) {
        for (; ; ) {
            SseEvent event = down.next();
            if (!event.event().equals("presence")) {
                return event;
            }
        }
    }

    /** Watches the socket for a while and fails if anything but a {@code presence} event arrives. */
    private static void assertNoMoreLines(WebSocketRecorder socket) throws IOException {
        for (; ; ) {
            String frame;
            try {
                frame = socket.next(QUIET);
            } catch (AssertionError quiet) {
                return; // nothing within QUIET, or the socket closed: no line either way
            }
            assertThat(isPresence(frame))
                    .as("only presence events, got " + frame)
                    .isTrue();
        }
    }

    /** Reads presence events until one says {@code tabs} tabs are here, and returns their members' names. */
    private static List<String> awaitHere(WebSocketRecorder socket, int tabs) throws IOException {
        List<String> names = new ArrayList<>();
        for (; ; ) {
            JsonNode frame = JSON.readTree(socket.next());
            assertThat(frame.path("event").asText()).as(frame.toString()).isEqualTo("presence");
            JsonNode data = frame.path("data");
            data.path("members").forEach(member -> names.add(member.path("name").asText()));
            data.path("joined").forEach(member -> names.add(member.path("name").asText()));
            if (data.path("occupancy").path("tabs").asInt() == tabs) {
                return names;
            }
        }
    }

    private static boolean isPresence(String frame) throws IOException {
        return JSON.readTree(frame).path("event").asText().equals("presence");
    }

    private static void assertLine(JsonNode data, String from, String text) {
        assertThat(data.path("from").asText()).isEqualTo(from);
        assertThat(data.path("text").asText()).isEqualTo(text);
        assertThat(data.path("at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z");
        assertThat(data.size()).isEqualTo(3);
    }

    private static void assertError(String frame, int ref) throws IOException {
        JsonNode error = JSON.readTree(frame);
        assertThat(error.path("ref").asInt()).isEqualTo(ref);
        assertThat(error.path("error").path("code").asText()).as(frame).isEqualTo("bad_request");
    }
}
