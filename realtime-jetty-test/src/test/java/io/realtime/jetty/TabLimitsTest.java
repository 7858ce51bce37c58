package io.realtime.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.Connection;
import io.realtime.Duplex;
import io.realtime.Push;
import io.realtime.RealtimeSession;
import io.realtime.runtime.RealtimeConfig;
import io.realtime.testing.Await;
import io.realtime.testing.Visitor;
import io.realtime.testing.WebSocketRecorder;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Tab state is bounded: it expires once its tab has had no connection for the idle time, and beyond the most
 * tabs a new one evicts an idle tab; only while every tab is connected is it refused ({@code 503 too_many_tabs},
 * WebSocket {@code 1013}) and the connected tabs go on.
 */
class TabLimitsTest {

    public static class Counter {
        @Push("/count")
        public int count(RealtimeSession session) {
            return (Integer) session.attributes().merge("count", 1, (a, b) -> (Integer) a + (Integer) b);
        }

        @Duplex("/count/live")
        public void live(Connection<Integer> connection) {
            connection.send((Integer) connection.session().attributes().merge("count", 1, (a, b) -> (Integer) a + 1));
        }
    }

    @Test
    void aTabsStateExpiresAfterTheIdleTimeWithoutConnectionsButNotWhileOneIsOpen() {
        try (RealtimeServer server = RealtimeServer.builder()
                .config(RealtimeConfig.builder()
                        .tabIdleTimeout(Duration.ofMillis(300))
                        .build())
                .services(Counter.class)
                .start()) {
            Visitor.Tab tab = server.visitor().tab().negotiate("/count");
            assertThat(tab.get("/count").body()).isEqualTo("1");
            try (WebSocketRecorder socket = tab.webSocket("/count/live")) {
                assertThat(socket.next()).isEqualTo("{\"event\":\"message\",\"data\":2}");
                socket.assertNoMoreFrames(Duration.ofSeconds(1));
                assertThat(server.stats().tabs()).as("held by its WebSocket").isEqualTo(1);
                assertThat(tab.get("/count").body()).isEqualTo("3");
            }
            Await.stats(server, "the idle tab forgotten", stats -> stats.connections() == 0 && stats.tabs() == 0);
            assertThat(tab.get("/count").body())
                    .as("the same tab id, with its state gone")
                    .isEqualTo("1");
        }
    }

    @Test
    void beyondTheMostTabsANewTabIsRefusedOnEveryTransportOnlyWhileEveryTabIsConnected() {
        try (RealtimeServer server = RealtimeServer.builder()
                .config(RealtimeConfig.builder().maxTabs(1).build())
                .services(Counter.class)
                .start()) {
            Visitor visitor = server.visitor();
            Visitor.Tab known = visitor.tab().negotiate("/count");
            Visitor.Tab refused = visitor.tab().negotiate("/count");
            try (WebSocketRecorder connected = known.webSocket("/count/live")) {
                assertThat(connected.next()).isEqualTo("{\"event\":\"message\",\"data\":1}");

                HttpResponse<String> answer = refused.get("/count");
                assertThat(answer.statusCode()).isEqualTo(503);
                assertThat(answer.headers().firstValue("Retry-After")).hasValue("1");
                assertThat(answer.body()).contains("\"code\":\"too_many_tabs\"");
                try (WebSocketRecorder socket = refused.webSocket("/count/live")) {
                    assertThat(socket.next()).startsWith("{\"error\":{\"code\":\"too_many_tabs\"");
                    assertThat(socket.awaitClose(Duration.ofSeconds(10)))
                            .isEqualTo(new WebSocketRecorder.Close(1013, "too_many_tabs"));
                }
                assertThat(known.get("/count").body()).isEqualTo("2");
                assertThat(visitor.tab().get("/count").body())
                        .as("a client without a token needs no room")
                        .isEqualTo("1");
            }
            Await.stats(server, "the WebSocket gone", stats -> stats.connections() == 0);
            assertThat(refused.get("/count").body())
                    .as("the idle tab made room for the new one")
                    .isEqualTo("1");
            assertThat(known.get("/count").body())
                    .as("the evicted tab comes back with its state gone")
                    .isEqualTo("1");
            assertThat(server.stats().tabs()).isEqualTo(1);
        }
    }
}
