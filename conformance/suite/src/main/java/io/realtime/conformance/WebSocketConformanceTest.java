package io.realtime.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.Connection;
import io.realtime.Duplex;
import io.realtime.PathParam;
import io.realtime.RealtimeException;
import io.realtime.Topic;
import io.realtime.Topics;
import io.realtime.testing.ContainerServer;
import io.realtime.testing.ServerExtension;
import io.realtime.testing.WebSocketRecorder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code @Duplex} over WebSocket: the subprotocol, replies and errors, topic events, resume, refusal and close
 * codes.
 */
class WebSocketConformanceTest {

    public record Say(String text) {}

    public record Ack(String echo) {}

    public static class Chat {
        private final Topics topics;

        public Chat(Topics topics) {
            this.topics = topics;
        }

        @Duplex("/chat/{room}")
        public Topic<Say> join(Connection<Say> connection, @PathParam("room") String room) {
            if (room.equals("closed")) {
                throw RealtimeException.forbidden("This room is closed");
            }
            return topics.get("chat:" + room);
        }

        @Duplex("/chat/{room}")
        public Ack say(@PathParam("room") String room, Say message) {
            topics.get("chat:" + room).publish(message);
            return new Ack(message.text());
        }
    }

    @RegisterExtension
    static final ServerExtension<ContainerServer> server =
            ServerExtension.of(ContainerServer.builder().services(Chat.class));

    @Test
    void theServerSelectsTheRealtimeSubprotocol() {
        try (WebSocketRecorder ws = server.get().webSocket("/chat/a?lastEventId=")) {
            assertThat(ws.subprotocol()).isEqualTo("realtime.v1");
        }
    }

    @Test
    void aClientThatOffersNoSubprotocolIsServedWithout() throws Exception {
        HttpClient client = server.get().client();
        WebSocket socket = client.newWebSocketBuilder()
                .buildAsync(server.get().webSocketUri("/chat/b?lastEventId="), new WebSocket.Listener() {})
                .get(10, TimeUnit.SECONDS);
        try {
            assertThat(socket.getSubprotocol()).isEmpty();
        } finally {
            socket.abort();
        }
    }

    @Test
    void aMessageGetsItsReplyAndTheTopicEvent() {
        String epoch = Http.epochOf(publish("chat:c", "before"));
        try (WebSocketRecorder ws = server.get().webSocket("/chat/c?lastEventId=")) {
            ws.send("{\"ref\":1,\"data\":{\"text\":\"hi\"}}");
            assertThat(ws.next(2))
                    .containsExactlyInAnyOrder(
                            "{\"ref\":1,\"data\":{\"echo\":\"hi\"}}",
                            "{\"id\":\"" + epoch + ":2\",\"event\":\"message\",\"data\":{\"text\":\"hi\"}}");
        }
    }

    @Test
    void anUnreadableFrameGetsAnErrorAndTheConnectionStaysOpen() {
        try (WebSocketRecorder ws = server.get().webSocket("/chat/d?lastEventId=")) {
            ws.send("not json");
            assertThat(ws.next())
                    .isEqualTo("{\"error\":{\"code\":\"bad_message\",\"message\":\"The message is not valid JSON\"}}");
            ws.send("{\"ref\":2,\"data\":{\"text\":[1]}}");
            assertThat(ws.next())
                    .isEqualTo("{\"ref\":2,\"error\":{\"code\":\"bad_message\",\"message\":\"The message data does"
                            + " not match the expected type at 'text'\"}}");
            assertThat(ws.isOpen()).isTrue();
        }
    }

    @Test
    void aReconnectingClientGetsWhatItMissedByQueryOrFirstFrame() {
        String epoch = Http.epochOf(publish("chat:e", "one"));
        publish("chat:e", "two");
        publish("chat:e", "three");
        try (WebSocketRecorder byQuery = server.get().webSocket("/chat/e?lastEventId=" + epoch + ":1");
                WebSocketRecorder byFrame = server.get().webSocket("/chat/e")) {
            byFrame.send("{\"resume\":\"" + epoch + ":2\"}");
            assertThat(byQuery.next(2))
                    .containsExactly(
                            "{\"id\":\"" + epoch + ":2\",\"event\":\"message\",\"data\":{\"text\":\"two\"}}",
                            "{\"id\":\"" + epoch + ":3\",\"event\":\"message\",\"data\":{\"text\":\"three\"}}");
            assertThat(byFrame.next())
                    .isEqualTo("{\"id\":\"" + epoch + ":3\",\"event\":\"message\",\"data\":{\"text\":\"three\"}}");
        }
    }

    @Test
    void aCursorThatCannotBeHonouredGetsAReset() {
        String head = publish("chat:f", "one");
        try (WebSocketRecorder ws = server.get().webSocket("/chat/f?lastEventId=other:9")) {
            assertThat(ws.next())
                    .isEqualTo("{\"id\":\"" + head + "\",\"event\":\"reset\",\"data\":{\"cursor\":\"" + head + "\"}}");
        }
    }

    @Test
    void aRefusedConnectionHearsWhyThenClosesWith1008() {
        try (WebSocketRecorder ws = server.get().webSocket("/chat/closed?lastEventId=")) {
            assertThat(ws.next()).isEqualTo("{\"error\":{\"code\":\"forbidden\",\"message\":\"This room is closed\"}}");
            assertThat(ws.awaitClose(Duration.ofSeconds(10))).isEqualTo(new WebSocketRecorder.Close(1008, "forbidden"));
        }
    }

    @Test
    void aBinaryFrameToATextEndpointClosesWith1003() {
        try (WebSocketRecorder ws = server.get().webSocket("/chat/g?lastEventId=")) {
            ws.sendBinary(new byte[] {1, 2, 3});
            assertThat(ws.awaitClose(Duration.ofSeconds(10)))
                    .isEqualTo(new WebSocketRecorder.Close(1003, "binary messages not accepted"));
        }
    }

    @Test
    void aPathParameterInASegmentIsDroppedAsOverHttp() {
        try (WebSocketRecorder ws = server.get().webSocket("/chat/h;x=1?lastEventId=")) {
            ws.nextStart();
            String cursor = publish("chat:h", "to room h");
            assertThat(ws.next())
                    .as("the room is h, as a request to /chat/h;x=1 over HTTP names it")
                    .isEqualTo("{\"id\":\"" + cursor + "\",\"event\":\"message\",\"data\":{\"text\":\"to room h\"}}");
        }
    }

    @Test
    void aPathWithoutAnEndpointRefusesTheUpgrade() {
        assertThat(server.get().webSocketHandshake("/nothing/here", Map.of())).isEqualTo(404);
    }

    private static String publish(String topic, String text) {
        return server.get().topics().get(topic).publish(new Say(text));
    }
}
