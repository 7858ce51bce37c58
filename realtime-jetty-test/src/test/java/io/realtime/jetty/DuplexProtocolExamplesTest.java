package io.realtime.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.Connection;
import io.realtime.Duplex;
import io.realtime.PathParam;
import io.realtime.RealtimeException;
import io.realtime.Topic;
import io.realtime.Topics;
import io.realtime.testing.WebSocketRecorder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The WebSocket and fallback examples of docs/protocol.md, byte for byte: a real conversation with the server must
 * produce exactly the frames the document shows (with the document's epoch {@code Q2hhbmdl} standing for the
 * server's random one).
 */
class DuplexProtocolExamplesTest {

    public record Line(String text) {}

    public record Ack(boolean ok) {}

    public static class Chat {
        private final Topics topics;

        public Chat(Topics topics) {
            this.topics = topics;
        }

        @Duplex("/chat/{room}")
        public Topic<Object> join(Connection<Object> connection, @PathParam("room") String room) {
            connection.send("welcome", Map.of("room", room));
            return topics.get("chat:" + room);
        }

        @Duplex("/chat/{room}")
        public Ack say(@PathParam("room") String room, Line line) {
            if (line.text().startsWith("/kick")) {
                throw RealtimeException.forbidden("Only moderators may kick");
            }
            topics.get("chat:" + room).publish(line);
            return new Ack(true);
        }
    }

    @RegisterExtension
    static final RealtimeServerExtension server = RealtimeServerExtension.of(Chat.class);

    @Test
    void theWebSocketConversationOfTheDocument() throws Exception {
        assertThat(negotiate(server.get())).isEqualTo(example("negotiate-duplex"));
        String epoch;
        try (WebSocketRecorder ws = server.get().webSocket("/chat/lobby")) {
            assertThat(ws.next()).isEqualTo(example("ws-welcome"));
            ws.send(example("ws-message"));
            List<String> answers = ws.next(2);
            epoch = epochOf(answers);
            assertThat(documented(answers, epoch)).containsExactlyInAnyOrder(example("ws-reply"), example("ws-event"));
            assertThat(ws.nextStart()).isEqualTo(epoch + ":0");
            List<String> transcript = ws.transcript();
            assertThat(transcript.indexOf("{\"id\":\"" + epoch + ":0\"}"))
                    .as("where the topic starts, before its first event")
                    .isLessThan(transcript.indexOf(example("ws-event").replace(ProtocolExamples.EPOCH, epoch)));
            ws.send("{\"ref\":2,\"data\":{\"text\":\"/kick bob\"}}");
            assertThat(ws.next()).isEqualTo(example("ws-error"));
            ws.send("[1]");
            assertThat(ws.next()).isEqualTo(example("ws-unreadable"));
        }
        String again = server.get().topics().get("chat:lobby").publish(new Line("again"));
        assertThat(again).isEqualTo(epoch + ":2");
        try (WebSocketRecorder ws = server.get().webSocket("/chat/lobby")) {
            ws.send(example("ws-resume").replace(ProtocolExamples.EPOCH, epoch));
            String event = "{\"id\":\"" + again + "\",\"event\":\"message\",\"data\":{\"text\":\"again\"}}";
            assertThat(ws.next(2)).containsExactly(example("ws-welcome"), event);
            assertThat(ws.transcript()).containsExactly(example("ws-welcome"), "{\"id\":\"" + epoch + ":1\"}", event);
        }
        Topic<Line> busy = server.get().topics().get("chat:busy");
        for (int i = 0; i < 41; i++) {
            busy.publish(new Line("filler"));
        }
        String busyEpoch = epochOf(List.of("{\"id\":\"" + busy.publish(new Line("42")) + "\"}"));
        try (WebSocketRecorder ws = server.get().webSocket("/chat/busy?lastEventId=" + busyEpoch + ":41")) {
            assertThat(ws.nextStart()).isEqualTo(busyEpoch + ":41");
            assertThat(ws.transcript().stream()
                            .limit(2)
                            .map(frame -> frame.replace(busyEpoch + ":", ProtocolExamples.EPOCH + ":"))
                            .toList())
                    .containsExactly(example("ws-welcome").replace("lobby", "busy"), example("ws-start"));
        }
        try (WebSocketRecorder ws = server.get().webSocket("/chat/lobby?lastEventId=" + epoch + ":99")) {
            assertThat(documented(ws.next(2), epoch))
                    .containsExactlyInAnyOrder(example("ws-welcome"), example("ws-reset"));
        }
    }

    @Test
    void theUplinkExampleOfTheDocument() throws Exception {
        String[] request = ProtocolExamples.get("uplink-request").split("\n\n", 2);
        String[] lines = request[0].split("\n");
        assertThat(lines[0]).isEqualTo("POST /chat/lobby HTTP/1.1");
        HttpRequest.Builder post = HttpRequest.newBuilder(server.get().uri("/chat/lobby"))
                .POST(HttpRequest.BodyPublishers.ofString(request[1].stripTrailing()));
        for (String header : lines) {
            int colon = header.indexOf(": ");
            if (colon > 0) {
                post.header(header.substring(0, colon), header.substring(colon + 2));
            }
        }
        HttpResponse<String> reply = server.get().client().send(post.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(reply.statusCode()).isEqualTo(200);
        assertThat(reply.body()).isEqualTo(example("uplink-reply"));
    }

    @Test
    void theTooLargeAnswerOfTheDocument() {
        String head = ProtocolExamples.get("uplink-request").split("\n\n", 2)[0];
        byte[] body =
                ("{\"ref\":1,\"data\":{\"text\":\"" + "a".repeat(65_536) + "\"}}").getBytes(StandardCharsets.UTF_8);
        RawHttp.Exchange answer = RawHttp.exchange(server.get(), head + "\nContent-Length: " + body.length, body);
        RawHttp.assertResponse(answer, "uplink-too-large");
    }

    @Test
    void theFallbackNegotiationOfTheDocument() throws Exception {
        try (RealtimeServer withoutWebSocket =
                RealtimeServer.builder().webSocket(false).services(Chat.class).start()) {
            assertThat(negotiate(withoutWebSocket)).isEqualTo(example("negotiate-duplex-fallback"));
        }
    }

    private static String negotiate(RealtimeServer target) {
        return ProtocolExamples.identityAsInExamples(
                target.visitor().tab().negotiate("/chat/lobby").offer());
    }

    private static String epochOf(List<String> frames) {
        for (String frame : frames) {
            Matcher id = Pattern.compile("^\\{\"id\":\"([A-Za-z0-9_-]+):").matcher(frame);
            if (id.find()) {
                return id.group(1);
            }
        }
        throw new AssertionError("No event among " + frames);
    }

    private static Set<String> documented(List<String> frames, String epoch) {
        Set<String> result = new HashSet<>();
        frames.forEach(frame -> result.add(frame.replace(epoch + ":", ProtocolExamples.EPOCH + ":")));
        return result;
    }

    /** A one-line example of docs/protocol.md, without the line feed that ends its block. */
    private static String example(String name) {
        return ProtocolExamples.get(name).stripTrailing();
    }
}
