package io.realtime.conformance;

import static org.assertj.core.api.Assertions.assertThat;

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
 * With {@code allowedHosts}, a request naming another host is refused on every transport, whatever its origin: a
 * DNS-rebinding page, whose requests are same-origin in the browser's eyes, gets nothing.
 */
class HostConformanceTest {

    static final String REFUSED =
            "{\"error\":{\"code\":\"origin_refused\",\"message\":\"Cross-origin requests to this endpoint are refused\"}}";

    @RegisterExtension
    static final ServerExtension<ContainerServer> server = ServerExtension.of(ContainerServer.builder()
            .config(RealtimeConfig.builder()
                    .allowedHosts(Set.of("App.Example", "app.example:8443"))
                    .build())
            .services(OriginConformanceTest.Notes.class));

    @Test
    void aRequestNamingAnotherHostIsRefusedOnEveryTransportEvenFromItsOwnOrigin() {
        String own = "http://127.0.0.1:" + server.get().uri().getPort();
        assertRefused(Http.get(server.get(), "/inbox", "Origin", own));
        assertRefused(Http.get(server.get(), "/inbox"));
        try (SseRecorder sse = server.get().sse("/feed", Map.of("Origin", own))) {
            assertThat(sse.status()).as("Server-Sent Events").isEqualTo(403);
        }
        assertThat(server.get().webSocketHandshake("/notes", Map.of("Origin", own)))
                .as("WebSocket")
                .isEqualTo(403);
        RawHandshake rebound = RawHandshake.send(
                server.get(), "/notes", "13", "Host: rebind.example", "Origin: http://rebind.example");
        assertThat(rebound.status()).as("a rebound name with its own origin").isEqualTo(403);
    }

    @Test
    void aListedHostIsServedWithItsPortAsTheHostHeaderWritesIt() {
        assertThat(RawHandshake.send(server.get(), "/notes", "13", "Host: app.example")
                        .status())
                .isEqualTo(101);
        assertThat(RawHandshake.send(
                                server.get(),
                                "/notes",
                                "13",
                                "Host: APP.example:8443",
                                "Origin: https://app.example:8443")
                        .status())
                .as("hosts compare without regard to case")
                .isEqualTo(101);
        assertThat(RawHandshake.send(server.get(), "/notes", "13", "Host: app.example:8080")
                        .status())
                .as("another port of a listed host")
                .isEqualTo(403);
    }

    private static void assertRefused(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.uri().toString()).isEqualTo(403);
        assertThat(response.body()).isEqualTo(REFUSED);
    }
}
