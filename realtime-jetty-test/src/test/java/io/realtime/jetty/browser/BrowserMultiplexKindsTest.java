package io.realtime.jetty.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.realtime.Connection;
import io.realtime.Duplex;
import io.realtime.PathParam;
import io.realtime.RealtimeException;
import io.realtime.Stream;
import io.realtime.Topic;
import io.realtime.Topics;
import io.realtime.jetty.RealtimeServer;
import io.realtime.jetty.RealtimeServerExtension;
import io.realtime.runtime.RealtimeConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Over one shared connection, in Chromium: a {@code @Duplex} conversation (messages over the WebSocket with the
 * subscription's id, or without WebSocket as {@code POST}s to the endpoint's own path), a stream beside it, and a
 * refused subscription that fails its own handle alone.
 */
class BrowserMultiplexKindsTest {

    public record Line(String text) {}

    public static class Services {
        private final Topics topics;

        public Services(Topics topics) {
            this.topics = topics;
        }

        @Stream("/news")
        public Topic<Line> news() {
            return topics.get("news");
        }

        @Stream("/vault")
        public Topic<Line> vault() {
            throw RealtimeException.forbidden("Members only");
        }

        @Duplex("/chat/{room}")
        public Topic<Line> join(Connection<Line> connection, @PathParam("room") String room) {
            return topics.get("chat:" + room);
        }

        @Duplex("/chat/{room}")
        public Line say(@PathParam("room") String room, Line line) {
            topics.get("chat:" + room).publish(line);
            return new Line("heard " + line.text());
        }
    }

    private static final RealtimeConfig QUICK =
            RealtimeConfig.builder().heartbeat(Duration.ofMillis(200)).build();

    @RegisterExtension
    static final RealtimeServerExtension server = RealtimeServerExtension.of(
            RealtimeServer.builder().services(Services.class).config(QUICK).staticFiles(Chromium.harnessPages()));

    @RegisterExtension
    static final RealtimeServerExtension withoutWebSocket = RealtimeServerExtension.of(RealtimeServer.builder()
            .webSocket(false)
            .services(Services.class)
            .config(QUICK)
            .staticFiles(Chromium.harnessPages()));

    @RegisterExtension
    static final Chromium browser = new Chromium();

    @Test
    void overAWebSocket() {
        assertThat(converse(server.get())).isEqualTo("websocket");
    }

    @Test
    void overServerSentEventsAndPosts() {
        assertThat(converse(withoutWebSocket.get())).isEqualTo("sse");
    }

    /** @return the transport the shared connection used */
    private static String converse(RealtimeServer on) {
        Tab tab = browser.open(on.uri("/client.html"));
        String shared = "{\"multiplex\":true}";
        int news = tab.connect("/news", shared);
        int chat = tab.connect("/chat/lobby", shared);
        int vault = tab.connect("/vault", shared);

        JsonNode refused = tab.awaitState(vault, "closed");
        assertThat(refused.path("errors"))
                .isEqualTo(Awaits.json("[{\"code\":\"forbidden\",\"message\":\"Members only\"}]"));
        tab.await(
                "the chat to be subscribed",
                "return harness.log(" + chat + ")",
                log -> log.path("kind").asText().equals("duplex"));
        tab.await(
                "the news to be subscribed",
                "return harness.log(" + news + ")",
                log -> log.path("kind").asText().equals("stream"));
        Awaits.shared(on, 1, 2);

        tab.run("harness.send(arguments[0], {text: 'hi'})", chat);
        JsonNode log = tab.awaitReplies(chat, 1);
        assertThat(log.path("replies").get(0)).isEqualTo(Awaits.json("{\"reply\":{\"text\":\"heard hi\"}}"));
        log = tab.awaitEvents(chat, 1);
        assertThat(log.path("events").get(0).path("data")).isEqualTo(Awaits.json("{\"text\":\"hi\"}"));

        on.topics().get("news").publish(new Line("extra"));
        log = tab.awaitEvents(news, 1);
        assertThat(log.path("events").get(0).path("data")).isEqualTo(Awaits.json("{\"text\":\"extra\"}"));
        for (int handle : new int[] {news, chat}) {
            assertThat(tab.log(handle).path("errors").size()).isZero();
            assertThat(tab.log(handle).path("state").asText()).isEqualTo("open");
        }
        Awaits.shared(on, 1, 2);

        tab.run("harness.close(arguments[0])", news);
        tab.run("harness.close(arguments[0])", chat);
        Awaits.connections(on, 0);
        return log.path("transport").asText();
    }
}
