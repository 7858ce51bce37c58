package io.realtime.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.Connection;
import io.realtime.Duplex;
import io.realtime.PathParam;
import io.realtime.RealtimeException;
import io.realtime.Topic;
import io.realtime.Topics;
import io.realtime.runtime.RealtimeConfig;
import io.realtime.testing.Await;
import io.realtime.testing.RawWebSocket;
import io.realtime.testing.WebSocketRecorder;
import java.security.Principal;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** How and why a WebSocket ends: each ending has its close code (docs/protocol.md, "Close codes"). */
class DuplexCloseCodesTest {

    public record Text(String text) {}

    public static class Doors {
        static final AtomicInteger closed = new AtomicInteger();
        private final Topics topics;

        public Doors(Topics topics) {
            this.topics = topics;
        }

        @Duplex("/doors/{name}")
        public Topic<Text> enter(Connection<Text> connection, @PathParam("name") String name) {
            connection.onClose(closed::incrementAndGet);
            switch (name) {
                case "locked" -> throw RealtimeException.forbidden("This door is locked");
                case "broken" -> throw new IllegalStateException("a bug");
                case "revolving" -> {
                    connection.send(new Text("in and out"));
                    connection.close();
                }
                default -> {}
            }
            return topics.get("door:" + name);
        }

        @Duplex("/doors/{name}")
        public void knock(@PathParam("name") String name, Text text) {}

        @Duplex("/vault")
        public void vault(Connection<Text> connection, Principal user) {}
    }

    @RegisterExtension
    static final RealtimeServerExtension server = RealtimeServerExtension.of(RealtimeServer.builder()
            .config(RealtimeConfig.builder()
                    .heartbeat(Duration.ofMillis(200))
                    .idleTimeout(Duration.ofSeconds(1))
                    .build())
            .services(Doors.class));

    @AfterEach
    void nothingLeft() {
        Await.until("every connection closed", () -> server.get().stats().connections() == 0);
    }

    @Test
    void theApplicationClosingSends1000AfterWhatItQueued() {
        try (WebSocketRecorder ws = server.get().webSocket("/doors/revolving")) {
            assertThat(ws.next()).isEqualTo("{\"event\":\"message\",\"data\":{\"text\":\"in and out\"}}");
            assertThat(ws.awaitClose(Duration.ofSeconds(10)).code()).isEqualTo(1000);
        }
    }

    @Test
    void aRefusingConnectionMethodSendsItsErrorThen1008() {
        int before = Doors.closed.get();
        try (WebSocketRecorder ws = server.get().webSocket("/doors/locked?lastEventId=")) {
            assertThat(ws.next()).isEqualTo("{\"error\":{\"code\":\"forbidden\",\"message\":\"This door is locked\"}}");
            assertThat(ws.awaitClose(Duration.ofSeconds(10)).code()).isEqualTo(1008);
        }
        Await.until("the close callback ran", () -> Doors.closed.get() == before + 1);
    }

    @Test
    void aConnectionMethodThatNeedsAUserRefusesAnonymousClientsWith1008() {
        try (WebSocketRecorder ws = server.get().webSocket("/vault?lastEventId=")) {
            assertThat(ws.next())
                    .isEqualTo("{\"error\":{\"code\":\"unauthenticated\",\"message\":\"This endpoint requires an"
                            + " authenticated user\"}}");
            assertThat(ws.awaitClose(Duration.ofSeconds(10)).code()).isEqualTo(1008);
        }
    }

    @Test
    void aFailingConnectionMethodSends1011() {
        try (WebSocketRecorder ws = server.get().webSocket("/doors/broken?lastEventId=")) {
            assertThat(ws.next())
                    .isEqualTo("{\"error\":{\"code\":\"internal\",\"message\":\"The server failed to handle the"
                            + " request\"}}");
            assertThat(ws.awaitClose(Duration.ofSeconds(10)).code()).isEqualTo(1011);
        }
    }

    @Test
    void aClientThatAnswersNoPingIsClosedWith1001AfterTheIdleTimeout() throws Exception {
        try (RawWebSocket raw = RawWebSocket.connect(server.get().webSocketUri("/doors/idle?lastEventId="))) {
            Await.until(
                    "the idle connection is closed", () -> server.get().stats().connections() == 0);
            int pings = 0;
            RawWebSocket.Frame frame = raw.next();
            assertThat(frame.opcode())
                    .as("where the topic starts, a text frame")
                    .isEqualTo(0x1);
            while ((frame = raw.next()).opcode() == 0x9) {
                pings++;
            }
            assertThat(frame.opcode()).as("a close frame").isEqualTo(0x8);
            assertThat(frame.closeCode()).isEqualTo(1001);
            assertThat(pings).as("pings before giving up").isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void aLiveClientIsPingedAndStaysOpenBeyondTheIdleTimeout() {
        try (WebSocketRecorder ws = server.get().webSocket("/doors/lively?lastEventId=")) {
            ws.nextStart();
            ws.assertNoMoreFrames(Duration.ofSeconds(3)); // three idle timeouts, answered by the JDK's pongs
            assertThat(ws.isOpen()).isTrue();
            ws.send("{\"ref\":1,\"data\":{\"text\":\"knock\"}}");
            ws.assertNoMoreFrames(Duration.ofMillis(200));
            assertThat(server.get().stats().connections()).isEqualTo(1);
        }
    }

    @Test
    void aClientThatStopsReadingIsClosedWith4000() {
        // The container's own idle timeout must not end the connection before its close frame gets through.
        try (RealtimeServer own = RealtimeServer.builder()
                        .config(RealtimeConfig.builder()
                                .stallTimeout(Duration.ofMillis(500))
                                .idleTimeout(Duration.ofSeconds(30))
                                .build())
                        .services(Doors.class)
                        .start();
                WebSocketRecorder ws = own.webSocket("/doors/slow?lastEventId=")) {
            Topic<Text> topic = own.topics().get("door:slow");
            String big = "x".repeat(64 * 1024);
            Await.until("subscribed", () -> own.stats().subscriptions() == 1);
            ws.pauseReading();
            int published = 0;
            while (own.stats().connections() > 0 && published < 900) {
                topic.publish(new Text(big)); // network buffers fill up, then the writer stalls
                published++;
            }
            Await.until("the stalled connection is closed", () -> own.stats().connections() == 0);
            ws.resumeReading();
            Object last;
            do {
                last = nextOrClose(ws);
            } while (last instanceof String);
            assertThat(((WebSocketRecorder.Close) last).code()).isEqualTo(4000);
        }
    }

    @Test
    void stoppingTheServerSends1001() {
        RealtimeServer own = RealtimeServer.start(Doors.class);
        try (WebSocketRecorder ws = own.webSocket("/doors/shutdown")) {
            // Open on the server too: a handshake still in flight when the server stops may end with 1006.
            Await.until("the server opened the connection", () -> own.stats().connections() == 1);
            own.close();
            assertThat(ws.awaitClose(Duration.ofSeconds(10)))
                    .isEqualTo(new WebSocketRecorder.Close(1001, "server shutting down; reconnect"));
        }
    }

    private static Object nextOrClose(WebSocketRecorder ws) {
        try {
            return ws.next();
        } catch (AssertionError closed) {
            return ws.awaitClose(Duration.ZERO);
        }
    }
}
