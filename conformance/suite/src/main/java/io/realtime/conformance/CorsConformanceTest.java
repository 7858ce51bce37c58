package io.realtime.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.runtime.RealtimeConfig;
import io.realtime.testing.ContainerServer;
import io.realtime.testing.ServerExtension;
import java.io.InputStream;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * CORS on every HTTP transport for the allowlisted origins: a preflight is answered, each answer names the
 * origin and allows credentials; {@code *} allows any origin without credentials; a foreign origin is refused
 * and never echoed; the page's own origin gets no CORS header.
 */
class CorsConformanceTest {

    static final String ALLOWED = OriginConformanceTest.ALLOWED;
    static final String FOREIGN = OriginConformanceTest.FOREIGN;

    /** The same endpoints as the origin tests: a stream, a push and a duplex. */
    static final Class<?> NOTES = OriginConformanceTest.Notes.class;

    @RegisterExtension
    static final ServerExtension<ContainerServer> server = ServerExtension.of(ContainerServer.builder()
            .config(RealtimeConfig.builder().allowedOrigins(Set.of(ALLOWED)).build())
            .services(NOTES));

    @Test
    void aListedOriginsPreflightIsAnsweredWithTheEndpointsMethodsAndTheClientsHeaders() {
        HttpResponse<String> duplex = options(server.get(), "/notes", ALLOWED, "POST");
        assertThat(duplex.statusCode()).isEqualTo(204);
        assertCredentialed(duplex.headers());
        assertThat(duplex.headers().firstValue("Access-Control-Allow-Methods")).hasValue("GET, POST");
        assertThat(duplex.headers().firstValue("Access-Control-Allow-Headers"))
                .hasValueSatisfying(headers -> assertThat(headers).contains("Realtime-Token", "Last-Event-ID"));
        HttpResponse<String> stream = options(server.get(), "/feed", ALLOWED, "GET");
        assertThat(stream.statusCode()).isEqualTo(204);
        assertThat(stream.headers().firstValue("Access-Control-Allow-Methods")).hasValue("GET");
    }

    @Test
    void everyHttpTransportAnswersAListedOriginWithCredentials() throws Exception {
        assertCredentialed(
                Http.get(server.get(), "/feed", "Accept", "application/realtime-negotiate+json", "Origin", ALLOWED)
                        .headers());
        HttpResponse<InputStream> sse = server.get()
                .client()
                .send(
                        HttpRequest.newBuilder(server.get().uri("/feed"))
                                .header("Accept", "text/event-stream")
                                .header("Origin", ALLOWED)
                                .build(),
                        HttpResponse.BodyHandlers.ofInputStream());
        sse.body().close();
        assertThat(sse.statusCode()).isEqualTo(200);
        assertCredentialed(sse.headers());
        HttpResponse<String> poll = Http.get(server.get(), "/inbox", "Origin", ALLOWED);
        assertThat(poll.statusCode()).isEqualTo(200);
        assertCredentialed(poll.headers());
        HttpResponse<String> uplink = Http.post(
                server.get(),
                "/notes",
                "{\"ref\":1,\"data\":{\"text\":\"hi\"}}",
                "Content-Type",
                "application/json",
                "Realtime-Uplink",
                "1",
                "Origin",
                ALLOWED);
        assertCredentialed(uplink.headers());
    }

    @Test
    void theSharedConnectionAnswersAListedOriginAsEveryEndpointDoes() {
        HttpResponse<String> preflight = options(server.get(), "/realtime/mux", ALLOWED, "POST");
        assertThat(preflight.statusCode()).isEqualTo(204);
        assertCredentialed(preflight.headers());
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods"))
                .hasValue("GET, POST");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers"))
                .hasValueSatisfying(headers -> assertThat(headers).contains("Realtime-Token", "Content-Type"));

        HttpResponse<String> negotiation = Http.get(
                server.get(), "/realtime/mux", "Accept", "application/realtime-negotiate+json", "Origin", ALLOWED);
        assertThat(negotiation.statusCode()).isEqualTo(200);
        assertCredentialed(negotiation.headers());
        HttpResponse<String> poll = Http.post(
                server.get(),
                "/realtime/mux?transport=poll&timeout=25",
                "{\"subscriptions\":{}}",
                "Content-Type",
                "application/json",
                "Realtime-Uplink",
                "1",
                "Origin",
                ALLOWED);
        assertThat(poll.statusCode()).as(poll.body()).isEqualTo(200);
        assertThat(poll.body()).startsWith("{\"cursor\":");
        assertCredentialed(poll.headers());

        HttpResponse<String> foreign = options(server.get(), "/realtime/mux", FOREIGN, "POST");
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(foreign.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void aForeignOriginIsRefusedAndNeverEchoed() {
        HttpResponse<String> preflight = options(server.get(), "/notes", FOREIGN, "POST");
        assertThat(preflight.statusCode()).isEqualTo(403);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin"))
                .isEmpty();
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Credentials"))
                .isEmpty();
        HttpResponse<String> poll = Http.get(server.get(), "/inbox", "Origin", FOREIGN);
        assertThat(poll.statusCode()).isEqualTo(403);
        assertThat(poll.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void thePagesOwnOriginGetsNoCorsHeaders() {
        HttpResponse<String> poll = Http.get(server.get(), "/inbox");
        assertThat(poll.statusCode()).isEqualTo(200);
        assertThat(poll.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(poll.headers().allValues("Vary"))
                .anySatisfy(vary -> assertThat(vary).contains("Origin"));
    }

    @Test
    void anyOriginIsAllowedWithoutCredentials() {
        try (ContainerServer any = ContainerServer.builder()
                .config(RealtimeConfig.builder().allowedOrigins(Set.of("*")).build())
                .services(NOTES)
                .start()) {
            HttpResponse<String> preflight = options(any, "/inbox", FOREIGN, "GET");
            assertThat(preflight.statusCode()).isEqualTo(204);
            assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin"))
                    .hasValue("*");
            assertThat(preflight.headers().firstValue("Access-Control-Allow-Credentials"))
                    .isEmpty();
            HttpResponse<String> poll = Http.get(any, "/inbox", "Origin", FOREIGN);
            assertThat(poll.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
            assertThat(poll.headers().firstValue("Access-Control-Allow-Credentials"))
                    .isEmpty();
        }
    }

    private static void assertCredentialed(HttpHeaders headers) {
        assertThat(headers.firstValue("Access-Control-Allow-Origin")).hasValue(ALLOWED);
        assertThat(headers.firstValue("Access-Control-Allow-Credentials")).hasValue("true");
        assertThat(headers.allValues("Vary"))
                .anySatisfy(vary -> assertThat(vary).contains("Origin"));
    }

    private static HttpResponse<String> options(ContainerServer server, String path, String origin, String method) {
        HttpRequest request = HttpRequest.newBuilder(server.uri(path))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin)
                .header("Access-Control-Request-Method", method)
                .header("Access-Control-Request-Headers", "realtime-token")
                .build();
        return Http.await(server.client().sendAsync(request, HttpResponse.BodyHandlers.ofString()), "OPTIONS " + path);
    }
}
