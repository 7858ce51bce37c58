package io.realtime.samples.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.realtime.testing.WebSocketRecorder;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The chat: a line fans out to every connection of the room as {@code {"from","text","at"}}, the sender gets its
 * acknowledgement, and the sender's name is the nickname its tab chose.
 */
@ParameterizedClass
@EnumSource(Container.class)
@ExtendWith(Container.Cleanup.class)
class ChatSmokeIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Samples samples;
    private final String room = "smoke-" + UUID.randomUUID().toString().substring(0, 8);

    ChatSmokeIT(Container container) {
        this.samples = container.samples();
    }

    @Test
    void aLineReachesTheWholeRoomAndTheSenderIsAcknowledged() throws IOException {
        try (WebSocketRecorder alice = samples.webSocket(samples.browser(), "/chat/" + room);
                WebSocketRecorder bob = samples.webSocket(samples.browser(), "/chat/" + room)) {
            // A reply proves the connection has joined: its messages are handled after the connection method.
            alice.send("{\"ref\":1,\"data\":{\"nick\":\"alice\"}}");
            assertThat(alice.next()).isEqualTo("{\"ref\":1,\"data\":{\"from\":\"alice\"}}");
            bob.send("{\"ref\":1,\"data\":{\"nick\":\"bob\"}}");
            assertThat(bob.next()).isEqualTo("{\"ref\":1,\"data\":{\"from\":\"bob\"}}");

            alice.send("{\"ref\":2,\"data\":{\"text\":\"hello, room\"}}");
            List<JsonNode> frames = List.of(JSON.readTree(alice.next()), JSON.readTree(alice.next()));
            JsonNode ack = frames.stream().filter(f -> f.has("ref")).findFirst().orElseThrow();
            JsonNode line =
                    frames.stream().filter(f -> f.has("event")).findFirst().orElseThrow();
            assertThat(ack.path("ref").asInt()).isEqualTo(2);
            assertThat(ack.path("data").path("from").asText()).isEqualTo("alice");
            assertThat(line.path("event").asText()).isEqualTo("message");
            assertThat(line.path("id").asText())
                    .isEqualTo(ack.path("data").path("id").asText());
            assertLine(line.path("data"), "alice", "hello, room");

            JsonNode heard = JSON.readTree(bob.next());
            assertThat(heard).isEqualTo(line);
            bob.send("{\"ref\":2,\"data\":{\"text\":\"hi alice\"}}");
            assertLine(JSON.readTree(next(alice, "event")).path("data"), "bob", "hi alice");
            bob.next(2); // its own ack and line
            alice.assertNoMoreFrames(Duration.ofMillis(200));
            bob.assertNoMoreFrames(Duration.ofMillis(200));
        }
    }

    @Test
    void badMessagesGetAnErrorReplyAndTheConnectionStays() throws IOException {
        try (WebSocketRecorder carol = samples.webSocket(samples.browser(), "/chat/" + room)) {
            carol.send("{\"ref\":1,\"data\":{}}");
            assertError(carol.next(), 1);
            carol.send("{\"ref\":2,\"data\":{\"text\":\"" + "x".repeat(501) + "\"}}");
            assertError(carol.next(), 2);
            carol.send("{\"ref\":3,\"data\":{\"nick\":\"<script>\"}}");
            assertError(carol.next(), 3);
            carol.send("{\"ref\":4,\"data\":{\"text\":\"still here\"}}");
            assertThat(carol.next(2)).anySatisfy(frame -> assertThat(frame).startsWith("{\"ref\":4,\"data\":"));
        }
    }

    private static String next(WebSocketRecorder socket, String field) throws IOException {
        for (; ; ) {
            String frame = socket.next();
            if (JSON.readTree(frame).has(field)) {
                return frame;
            }
        }
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
