package io.realtime.jetty;

import io.realtime.Connection;
import io.realtime.Duplex;
import io.realtime.Topic;
import io.realtime.Topics;
import io.realtime.runtime.RealtimeConfig;
import io.realtime.testing.Await;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A WebSocket client that stops reading for good is closed with {@code 4000}, but that close frame waits behind
 * the write that stalled: the runtime must still end the TCP connection soon, not leave it to the container's
 * idle timeout, which is long because the runtime's pings keep live connections busy.
 */
class StalledWebSocketTest {

    public record Text(String text) {}

    public static class Feed {
        private final Topics topics;

        public Feed(Topics topics) {
            this.topics = topics;
        }

        @Duplex("/stalled")
        public Topic<Text> follow(Connection<Text> connection) {
            return topics.get("stalled");
        }
    }

    @RegisterExtension
    static final RealtimeServerExtension server = RealtimeServerExtension.of(RealtimeServer.builder()
            .config(RealtimeConfig.builder()
                    .stallTimeout(Duration.ofMillis(500))
                    .idleTimeout(Duration.ofSeconds(60))
                    .build())
            .services(Feed.class));

    @Test
    void aClientThatNeverReadsAgainLosesItsTcpConnectionSoonAfterTheStallClose() throws Exception {
        try (RawWebSocket raw = RawWebSocket.connect(server.get().webSocketUri("/stalled?lastEventId="))) {
            Await.stats(server.get(), "subscribed", stats -> stats.subscriptions() == 1);
            Topic<Text> topic = server.get().topics().get("stalled");
            String big = "x".repeat(64 * 1024);
            for (int published = 0; server.get().stats().connections() > 0 && published < 900; published++) {
                topic.publish(new Text(big)); // network buffers fill up, then the writer stalls
            }
            Await.stats(server.get(), "the stalled connection closed", stats -> stats.connections() == 0);
            // Writing, never reading: once the server has torn the connection down, the socket refuses writes.
            Await.until("the server ends the TCP connection", () -> !raw.ping());
        }
    }
}
