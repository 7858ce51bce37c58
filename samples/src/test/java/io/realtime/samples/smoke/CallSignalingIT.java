package io.realtime.samples.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.realtime.testing.WebSocketRecorder;
import java.io.IOException;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The call sample's signaling server, over raw WebSocket frames on embedded Jetty: a signal reaches the one member
 * it names, marked with its sender's name as the server knows it; a signal for nobody in the room, from a tab of
 * another room, or larger than the limit is refused with an error reply and reaches nobody; a third tab is
 * refused. Frames are read past the {@code presence} events every member receives.
 */
@ExtendWith(Container.Cleanup.class)
class CallSignalingIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration QUIET = Duration.ofMillis(300);

    private static Samples samples;
    private final String path = "/call/it-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void deploy() {
        samples = Container.EMBEDDED_JETTY.samples();
    }

    @Test
    void aSignalReachesTheMemberItNamesWithItsSendersName() throws IOException {
        try (WebSocketRecorder ann = open(path);
                WebSocketRecorder bob = open(path)) {
            String annName = peer(ann);
            String bobName = peer(bob);
            ann.send("{\"ref\":1,\"data\":{\"to\":\"" + bobName + "\",\"call\":\"c1\","
                    + "\"description\":{\"type\":\"offer\",\"sdp\":\"v=0\\r\\n\"}}}");
            JsonNode relayed = nextOtherThanPresence(bob);
            assertThat(relayed.path("event").asText()).isEqualTo("signal");
            assertThat(relayed.has("id"))
                    .as("sent to one connection, without a cursor")
                    .isFalse();
            assertThat(relayed.path("data").path("from").asText()).isEqualTo(annName);
            assertThat(relayed.path("data").path("call").asText()).isEqualTo("c1");
            assertThat(relayed.path("data").path("description").toString())
                    .isEqualTo("{\"type\":\"offer\",\"sdp\":\"v=0\\r\\n\"}");
            assertNothingButPresence(ann); // the method is void: no reply unless it refuses
        }
    }

    @Test
    void signalsForNobodyFromOutsideOrTooLargeAreRefusedAndReachNobody() throws IOException {
        String elsewhere = "/call/it-" + UUID.randomUUID().toString().substring(0, 8);
        try (WebSocketRecorder ann = open(path);
                WebSocketRecorder bob = open(path);
                WebSocketRecorder carol = open(elsewhere)) {
            String annName = peer(ann);
            String bobName = peer(bob);
            peer(carol);
            // carol is in another room: bob is nobody there
            carol.send(candidate(1, bobName, "a"));
            assertError(carol, 1, "bad_request");
            // to oneself, or to a name nobody has
            ann.send(candidate(2, annName, "a"));
            assertError(ann, 2, "bad_request");
            ann.send(candidate(3, "p-00000000", "a"));
            assertError(ann, 3, "bad_request");
            // larger than the limit, though well within the runtime's message size
            ann.send(candidate(4, bobName, "a".repeat(20_000)));
            assertError(ann, 4, "bad_request");
            // neither a description nor a candidate
            ann.send("{\"ref\":5,\"data\":{\"to\":\"" + bobName + "\"}}");
            assertError(ann, 5, "bad_request");
            assertNothingButPresence(bob);
        }
    }

    @Test
    void aThirdTabIsRefused() throws IOException {
        try (WebSocketRecorder ann = open(path);
                WebSocketRecorder bob = open(path);
                WebSocketRecorder carol =
                        samples.visitor().tab().negotiate(path).webSocket(path)) {
            peer(ann);
            peer(bob);
            JsonNode refused = JSON.readTree(carol.next());
            assertThat(refused.path("error").path("code").asText())
                    .as(refused.toString())
                    .isEqualTo("call_full");
            assertThat(carol.awaitClose(WebSocketRecorder.DEFAULT_WAIT).code()).isEqualTo(1008);
        }
    }

    /** A new tab of a new visitor (a cookie session of its own) joins the room at {@code path}. */
    private static WebSocketRecorder open(String path) {
        return samples.visitor().tab().negotiate(path).webSocket(path);
    }

    /** @return the peer name, in the first frame a connection receives */
    private static String peer(WebSocketRecorder socket) throws IOException {
        JsonNode frame = JSON.readTree(socket.next());
        assertThat(frame.path("event").asText()).as(frame.toString()).isEqualTo("peer");
        return frame.path("data").path("peer").asText();
    }

    private static String candidate(int ref, String to, String text) {
        return "{\"ref\":" + ref + ",\"data\":{\"to\":\"" + to + "\",\"candidate\":{\"candidate\":\"" + text
                + "\",\"sdpMid\":\"0\"}}}";
    }

    private static void assertError(WebSocketRecorder socket, int ref, String code) throws IOException {
        JsonNode reply = nextOtherThanPresence(socket);
        assertThat(reply.path("ref").asInt()).as(reply.toString()).isEqualTo(ref);
        assertThat(reply.path("error").path("code").asText())
                .as(reply.toString())
                .isEqualTo(code);
    }

    private static JsonNode nextOtherThanPresence(WebSocketRecorder socket) throws IOException {
        while (true) {
            JsonNode frame = JSON.readTree(socket.next());
            if (!"presence".equals(frame.path("event").asText())) {
                return frame;
            }
        }
    }

    private static void assertNothingButPresence(WebSocketRecorder socket) throws IOException {
        while (true) {
            String frame;
            try {
                frame = socket.next(QUIET);
            } catch (AssertionError quiet) {
                assertThat(socket.isOpen())
                        .as("still open, nothing more within the quiet period")
                        .isTrue();
                return;
            }
            assertThat(JSON.readTree(frame).path("event").asText()).as(frame).isEqualTo("presence");
        }
    }
}
