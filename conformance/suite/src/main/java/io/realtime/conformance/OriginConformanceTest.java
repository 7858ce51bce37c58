package io.realtime.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.Duplex;
import io.realtime.Push;
import io.realtime.Stream;
import io.realtime.Topic;
import io.realtime.Topics;
import io.realtime.runtime.RealtimeConfig;
import io.realtime.testing.ContainerServer;
import io.realtime.testing.ServerExtension;
import io.realtime.testing.SseRecorder;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Same origin by default on every transport, with an allowlist: the containers' own WebSocket origin check
 * accepts anything, so the runtime's decides, before the upgrade.
 */
class OriginConformanceTest {

    static final String ALLOWED = "https://app.example";
    static final String FOREIGN = "https://evil.example";

    public record Note(String text) {}

    public static class Notes {
        private final Topics topics;

        public Notes(Topics topics) {
            this.topics = topics;
        }

        @Stream("/feed")
        public Topic<Note> feed() {
            return topics.get("feed");
        }

        @Push("/inbox")
        public Topic<Note> inbox() {
            return topics.get("inbox");
        }

        @Duplex("/notes")
        public Note note(Note note) {
            return note;
        }
    }

    @RegisterExtension
    static final ServerExtension<ContainerServer> server = ServerExtension.of(ContainerServer.builder()
            .config(RealtimeConfig.builder().allowedOrigins(Set.of(ALLOWED)).build())
            .services(Notes.class));

    @Test
    void aForeignOriginIsRefusedOnEveryTransport() {
        int connections = server.get().stats().connections();
        assertRefused(Http.get(server.get(), "/feed", "Accept", "text/event-stream", "Origin", FOREIGN));
        assertRefused(Http.get(server.get(), "/inbox", "Origin", FOREIGN));
        assertRefused(Http.post(
                server.get(),
                "/notes",
                "{\"ref\":1,\"data\":{\"text\":\"hi\"}}",
                "Content-Type",
                "application/json",
                "Realtime-Uplink",
                "1",
                "Origin",
                FOREIGN));
        assertThat(server.get().webSocketHandshake("/notes", Map.of("Origin", FOREIGN)))
                .isEqualTo(403);
        assertThat(server.get().webSocketHandshake("/notes", Map.of("Origin", "null")))
                .isEqualTo(403);
        assertThat(server.get().webSocketHandshake("/notes", Map.of("Origin", "http://127.0.0.1:1")))
                .as("same host, another port")
                .isEqualTo(403);
        assertThat(server.get().stats().connections())
                .as("no connection opened")
                .isLessThanOrEqualTo(connections);
    }

    @Test
    void aCrossSiteFetchWithoutOriginIsRefused() {
        assertRefused(Http.get(server.get(), "/inbox", "Sec-Fetch-Site", "cross-site"));
        assertThat(server.get().webSocketHandshake("/notes", Map.of("Sec-Fetch-Site", "cross-site")))
                .isEqualTo(403);
    }

    @Test
    void theSameOriginAnAllowedOriginAndNonBrowsersAreServed() {
        String own = "http://127.0.0.1:" + server.get().uri().getPort();
        for (Map<String, String> headers :
                java.util.List.of(Map.of("Origin", own), Map.of("Origin", ALLOWED), Map.<String, String>of())) {
            assertThat(server.get().webSocketHandshake("/notes", headers))
                    .as("WebSocket with %s", headers)
                    .isEqualTo(101);
            try (SseRecorder sse = server.get().sse("/feed", headers)) {
                assertThat(sse.status()).as("SSE with %s", headers).isEqualTo(200);
            }
        }
        assertThat(Http.get(server.get(), "/inbox", "Origin", ALLOWED).statusCode())
                .isEqualTo(200);
    }

    @Test
    void originsCompareWithoutRegardToCase() {
        assertThat(server.get().webSocketHandshake("/notes", Map.of("Origin", "HTTPS://APP.EXAMPLE")))
                .isEqualTo(101);
        assertThat(Http.get(server.get(), "/inbox", "origin", "https://App.Example")
                        .statusCode())
                .isEqualTo(200);
    }

    private static void assertRefused(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body())
                .isEqualTo("{\"error\":{\"code\":\"origin_refused\",\"message\":\"Cross-origin requests to this"
                        + " endpoint are refused\"}}");
    }
}
