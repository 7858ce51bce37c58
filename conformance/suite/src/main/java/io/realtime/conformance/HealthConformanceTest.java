package io.realtime.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.runtime.RealtimeConfig;
import io.realtime.runtime.RealtimeHealth;
import io.realtime.testing.ContainerServer;
import io.realtime.testing.ServerExtension;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The readiness endpoint (docs/observability.md, "Health"): off unless the application turns it on, then a cheap
 * {@code 200} with a JSON body that holds nothing but the node's state, read the same way in process through
 * {@link RealtimeHealth}.
 */
class HealthConformanceTest {

    static final String READY = "{\"status\":\"up\",\"state\":\"running\",\"backplane\":\"up\"}";

    @RegisterExtension
    static final ServerExtension<ContainerServer> server = ServerExtension.of(ContainerServer.builder()
            .services(Board.class)
            .config(RealtimeConfig.builder().healthEndpoint(true).build()));

    @RegisterExtension
    static final ServerExtension<ContainerServer> quiet =
            ServerExtension.of(ContainerServer.builder().services(Board.class));

    @Test
    void aReadyNodeAnswers200WithItsStateAndNothingElse() {
        HttpResponse<String> answer = Http.get(server.get(), "/realtime/health");
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo(READY);
        assertThat(answer.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(answer.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(answer.headers().firstValue("Set-Cookie"))
                .as("no session for a probe")
                .isEmpty();
        assertThat(RealtimeHealth.of(server.get().servletContext()).toJson()).isEqualTo(answer.body());
    }

    @Test
    void aHeadRequestGetsTheStatusWithoutTheBody() throws Exception {
        HttpResponse<String> answer = server.get()
                .client()
                .send(
                        HttpRequest.newBuilder(server.get().uri("/realtime/health"))
                                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEmpty();
    }

    @Test
    void itIsOffByDefault() {
        assertThat(Http.get(quiet.get(), "/realtime/health").statusCode()).isEqualTo(404);
        assertThat(RealtimeHealth.of(quiet.get().servletContext()).ready())
                .as("readiness in process needs no endpoint")
                .isTrue();
    }
}
