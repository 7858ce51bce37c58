package io.realtime.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.Connection;
import io.realtime.Duplex;
import io.realtime.Topic;
import io.realtime.Topics;
import io.realtime.runtime.RealtimeConfig;
import io.realtime.testing.Await;
import io.realtime.testing.ContainerServer;
import io.realtime.testing.ServerExtension;
import io.realtime.testing.Visitor;
import io.realtime.testing.WebSocketRecorder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A WebSocket's tab counts against its client address's share ({@code maxTabsPerAddress}), as a stream's or a
 * poll's does (docs/security.md, "Limits"): the address is the one the servlet request tells, behind a trusted proxy
 * the one it names, although a WebSocket handshake as Jakarta WebSocket hands it over has no address. The address
 * past its share is refused alone, with an error frame and close {@code 1013}; another address is not touched; the
 * share comes back as the address's tabs expire.
 */
class TabsPerAddressConformanceTest {

    private static final int SHARE = 2;
    private static final Map<String, String> GREEDY = Map.of("X-Forwarded-For", "198.51.100.7");
    private static final Map<String, String> OTHER = Map.of("X-Forwarded-For", "198.51.100.8");

    public record Line(String text) {}

    /** A room that echoes what is said in it. */
    public static class Room {
        private final Topics topics;

        public Room(Topics topics) {
            this.topics = topics;
        }

        @Duplex("/room")
        public Topic<Line> join(Connection<Line> connection) {
            return topics.get("room");
        }

        @Duplex("/room")
        public Line say(Line line) {
            return line;
        }
    }

    /** The tests connect from the loopback, a trusted proxy by default, so their forwarded addresses count. */
    @RegisterExtension
    static final ServerExtension<ContainerServer> server = ServerExtension.of(ContainerServer.builder()
            .config(RealtimeConfig.builder()
                    .maxTabsPerAddress(SHARE)
                    .tabIdleTimeout(Duration.ofMillis(500))
                    .build())
            .services(Room.class));

    @Test
    void anAddressPastItsShareOfTabsIsRefusedAloneOverWebSocketAndGetsItBackAsItsTabsExpire() {
        List<WebSocketRecorder> greedy = new ArrayList<>();
        try {
            for (int i = 0; i < SHARE; i++) {
                greedy.add(open(GREEDY));
                assertServed(greedy.get(i));
            }

            try (WebSocketRecorder refused = open(GREEDY)) {
                assertThat(refused.next())
                        .isEqualTo("{\"error\":{\"code\":\"too_many_tabs\",\"message\":\"This client has as many tabs"
                                + " as it may; retry later\"}}");
                assertThat(refused.awaitClose(Duration.ofSeconds(10)))
                        .isEqualTo(new WebSocketRecorder.Close(1013, "too_many_tabs"));
            }
            try (WebSocketRecorder other = open(OTHER)) {
                assertServed(other);
            }

            greedy.forEach(WebSocketRecorder::close);
            Await.stats(server.get(), "the greedy address's tabs expired", stats -> stats.tabs() <= 1);
            try (WebSocketRecorder again = open(GREEDY)) {
                assertServed(again);
            }
        } finally {
            greedy.forEach(WebSocketRecorder::close);
        }
    }

    /** A visitor of its own (its own browser cookie, so its own session quota) opens a tab's WebSocket. */
    private static WebSocketRecorder open(Map<String, String> address) {
        Visitor.Tab tab = server.get().visitor().tab().negotiate("/room");
        return tab.webSocket("/room?lastEventId=", address);
    }

    private static void assertServed(WebSocketRecorder socket) {
        socket.send("{\"ref\":1,\"data\":{\"text\":\"hi\"}}");
        String frame = socket.next();
        while (!frame.startsWith("{\"ref\":")) {
            frame = socket.next();
        }
        assertThat(frame).isEqualTo("{\"ref\":1,\"data\":{\"text\":\"hi\"}}");
        assertThat(socket.isOpen()).isTrue();
    }
}
