package io.realtime.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.Connection;
import io.realtime.Duplex;
import io.realtime.Topic;
import io.realtime.Topics;
import io.realtime.runtime.RealtimeConfig;
import io.realtime.testing.Await;
import io.realtime.testing.ContainerServer;
import io.realtime.testing.RawWebSocket;
import io.realtime.testing.ServerExtension;
import io.realtime.testing.WebSocketRecorder;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A WebSocket client that stops reading for good is closed with {@code 4000}, but that close frame waits behind
 * the write that stalled: the runtime must still end the TCP connection soon, not leave it to the container's
 * idle timeout, which is long because the runtime's pings keep live connections busy. Jetty holds the close frame
 * behind the stalled write, and the runtime aborts the connection; Tomcat and Undertow give up the close themselves.
 */
class StalledWebSocketConformanceTest {

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
    static final ServerExtension<ContainerServer> server = ServerExtension.of(ContainerServer.builder()
            .config(RealtimeConfig.builder()
                    .stallTimeout(Duration.ofMillis(500))
                    .idleTimeout(Duration.ofSeconds(60))
                    .build())
            .services(Feed.class));

    @Test
    void aClientThatNeverReadsAgainLosesItsTcpConnectionSoonAfterTheStallClose() throws Exception {
        try (WebSocketRecorder reader = server.get().webSocket("/stalled?lastEventId=");
                RawWebSocket raw = RawWebSocket.connect(server.get().webSocketUri("/stalled?lastEventId="))) {
            reader.nextStart();
            Await.stats(server.get(), "both subscribed", stats -> stats.subscriptions() == 2);
            Topic<Text> topic = server.get().topics().get("stalled");
            String big = "x".repeat(64 * 1024);
            for (int published = 0; server.get().stats().connections() > 1 && published < 900; published++) {
                topic.publish(new Text(big)); // network buffers fill up, then the writer stalls
            }
            Await.stats(server.get(), "the stalled connection closed", stats -> stats.connections() == 1);
            // Writing, never reading: once the server has torn the connection down, the socket refuses writes.
            Await.until("the server ends the TCP connection", () -> !raw.ping());

            // The client that reads was not touched: it is still open and hears what comes next.
            topic.publish(new Text("after"));
            Instant deadline = Instant.now().plus(WebSocketRecorder.DEFAULT_WAIT);
            String frame;
            do {
                frame = reader.next();
            } while (!frame.contains("\"after\"") && Instant.now().isBefore(deadline));
            assertThat(frame).contains("\"text\":\"after\"");
            assertThat(reader.isOpen()).isTrue();
            assertThat(server.get().stats().connections()).isEqualTo(1);
        }
    }
}
