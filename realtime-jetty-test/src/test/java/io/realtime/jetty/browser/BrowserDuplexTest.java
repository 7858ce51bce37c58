package io.realtime.jetty.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.realtime.Connection;
import io.realtime.Duplex;
import io.realtime.PathParam;
import io.realtime.RealtimeSession;
import io.realtime.Topic;
import io.realtime.Topics;
import io.realtime.jetty.RealtimeServer;
import io.realtime.jetty.RealtimeServerExtension;
import io.realtime.runtime.RealtimeConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A page holds a {@code @Duplex} conversation with realtime.js, in Chromium: over a WebSocket (offering its tab
 * token as a subprotocol beside {@code realtime.v1}), and, on a server that refuses WebSocket upgrades, over
 * Server-Sent Events with {@code POST} messages, with the same messages, replies and events.
 */
class BrowserDuplexTest {

    public record Line(String text) {}

    public record Ack(boolean ok, String tab) {}

    public static class Chat {
        private final Topics topics;

        public Chat(Topics topics) {
            this.topics = topics;
        }

        @Duplex("/chat/{room}")
        public Topic<Line> join(Connection<Line> connection, @PathParam("room") String room, RealtimeSession tab) {
            connection.send("welcome", new Line("welcome to " + room + ", tab " + tab.id()));
            return topics.get("chat:" + room);
        }

        @Duplex("/chat/{room}")
        public Ack say(@PathParam("room") String room, Line line, RealtimeSession tab) {
            topics.get("chat:" + room).publish(line);
            return new Ack(true, tab.id());
        }
    }

    // Frequent heartbeats: a server notices a departed page when a write fails.
    private static final RealtimeConfig QUICK =
            RealtimeConfig.builder().heartbeat(Duration.ofMillis(200)).build();

    @RegisterExtension
    static final RealtimeServerExtension server = RealtimeServerExtension.of(
            RealtimeServer.builder().services(Chat.class).config(QUICK).staticFiles(Chromium.harnessPages()));

    @RegisterExtension
    static final RealtimeServerExtension withoutWebSocket = RealtimeServerExtension.of(RealtimeServer.builder()
            .webSocket(false)
            .services(Chat.class)
            .config(QUICK)
            .staticFiles(Chromium.harnessPages()));

    @RegisterExtension
    static final Chromium browser = new Chromium();

    @Test
    void aConversationOverAWebSocket() {
        assertThat(converse(server.get())).isEqualTo("websocket");
    }

    @Test
    void theSameConversationWhenWebSocketUpgradesAreRefused() {
        assertThat(withoutWebSocket.get().webSocketHandshake("/chat/lobby", java.util.Map.of()))
                .isEqualTo(400);
        assertThat(converse(withoutWebSocket.get())).isEqualTo("sse");
    }

    /** @return the transport the conversation used */
    private static String converse(RealtimeServer on) {
        Tab tab = browser.open(on.uri("/client.html"));
        int chat = tab.connect("/chat/lobby", "{}", "welcome");
        JsonNode open = tab.awaitState(chat, "open");
        String id = open.path("tab").asText();
        assertThat(id).hasSize(22);
        Awaits.subscriptions(on, 1);

        tab.run("harness.send(arguments[0], {text: 'hi'})", chat);
        JsonNode log = tab.awaitReplies(chat, 1);
        assertThat(log.path("replies").get(0))
                .isEqualTo(Awaits.json("{\"reply\":{\"ok\":true,\"tab\":\"" + id + "\"}}"));
        log = tab.awaitEvents(chat, 2);
        assertThat(log.path("events").get(0).path("event").asText()).isEqualTo("welcome");
        assertThat(log.path("events").get(0).path("data").path("text").asText())
                .isEqualTo("welcome to lobby, tab " + id);
        assertThat(log.path("events").get(1).path("data")).isEqualTo(Awaits.json("{\"text\":\"hi\"}"));
        assertThat(log.path("events").get(1).path("id").asText()).isNotEmpty();

        on.topics().get("chat:lobby").publish(new Line("from the server"));
        log = tab.awaitEvents(chat, 3);
        assertThat(log.path("events").get(2).path("data").path("text").asText()).isEqualTo("from the server");
        assertThat(log.path("errors").size()).isZero();
        assertThat(Awaits.texts(log.path("states"))).containsExactly("connecting", "open");

        tab.run("harness.close(arguments[0])", chat);
        Awaits.connections(on, 0);
        return log.path("transport").asText();
    }
}
