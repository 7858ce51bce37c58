package io.realtime.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.jetty.RealtimeServer;
import io.realtime.testing.SseEvent;
import io.realtime.testing.SseRecorder;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The samples WAR, as built, deploys with scanning alone and serves its page and its clock. */
class SamplesWarTest {

    private static final Path WAR = Path.of("target", "samples");

    @Test
    void theWarCarriesTheRuntimeButNoContainer() throws IOException {
        try (var lib = Files.list(WAR.resolve("WEB-INF/lib"))) {
            assertThat(lib.map(jar -> jar.getFileName().toString()))
                    .anyMatch(jar -> jar.startsWith("realtime-runtime"))
                    .noneMatch(jar -> jar.startsWith("jetty") || jar.startsWith("jakarta.servlet"));
        }
    }

    @Test
    void servesThePageAndTheClock() throws Exception {
        try (RealtimeServer server = RealtimeServer.builder().war(WAR).start()) {
            HttpResponse<String> page = server.client()
                    .send(HttpRequest.newBuilder(server.uri("/")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("new EventSource(\"clock\")");

            try (SseRecorder clock = server.sse("/clock")) {
                SseEvent first = clock.next(Duration.ofSeconds(5));
                SseEvent second = clock.next(Duration.ofSeconds(5));
                assertThat(first.event()).isEqualTo("message");
                assertThat(first.data()).matches("\\{\"time\":\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\"}");
                String epoch = first.id().substring(0, first.id().indexOf(':'));
                long offset = Long.parseLong(first.id().substring(epoch.length() + 1));
                assertThat(second.id()).isEqualTo(epoch + ":" + (offset + 1));
            }
        }
    }
}
