package io.realtime.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.Topics;
import io.realtime.runtime.Realtime;
import io.realtime.runtime.RealtimeConfig;
import io.realtime.runtime.RealtimeHealth;
import io.realtime.testing.ContainerServer;
import io.realtime.testing.ServerExtension;
import jakarta.servlet.ServletContext;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The readiness endpoint (docs/observability.md, "Health"): off unless the application turns it on, then a cheap
 * {@code 200} with a JSON body that holds nothing but the node's state, read the same way in process through
 * {@link RealtimeHealth}; {@code 503} while the runtime drains and once it has stopped, for a load balancer to take
 * the node out before its clients are told to go.
 */
class HealthConformanceTest {

    static final String READY = "{\"status\":\"up\",\"state\":\"running\",\"backplane\":\"up\"}";

    @RegisterExtension
    static final ServerExtension<ContainerServer> server = ServerExtension.of(ContainerServer.builder()
            .services(Board.class)
            .config(RealtimeConfig.builder().healthEndpoint(true).build()));

    /** Stopped by its test: the runtime drains while its service's close() waits for the test. */
    @RegisterExtension
    static final ServerExtension<ContainerServer> stopping = ServerExtension.of(ContainerServer.builder()
            .services(SlowToStop.class)
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

    /** A service whose close() the runtime calls as it drains, and which returns when the test says so. */
    public static class SlowToStop extends Board implements AutoCloseable {
        static final CountDownLatch CLOSING = new CountDownLatch(1);
        static final CountDownLatch RELEASED = new CountDownLatch(1);

        public SlowToStop(Topics topics) {
            super(topics);
        }

        @Override
        public void close() {
            CLOSING.countDown();
            try {
                RELEASED.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void aDrainingNodeAnswers503WhileItDrainsAndOnceItHasStopped() throws Exception {
        assertThat(Http.get(stopping.get(), "/realtime/health").body()).isEqualTo(READY);
        ServletContext context = stopping.get().servletContext();
        CompletableFuture<Void> stop = CompletableFuture.runAsync(() -> Realtime.stop(context));
        try {
            assertThat(SlowToStop.CLOSING.await(20, TimeUnit.SECONDS))
                    .as("the runtime drains")
                    .isTrue();
            HttpResponse<String> draining = Http.get(stopping.get(), "/realtime/health");
            assertThat(draining.statusCode()).isEqualTo(503);
            assertThat(draining.body()).isEqualTo("{\"status\":\"down\",\"state\":\"draining\",\"backplane\":\"up\"}");
            assertThat(RealtimeHealth.of(context).toJson()).isEqualTo(draining.body());
        } finally {
            SlowToStop.RELEASED.countDown();
        }
        stop.get(20, TimeUnit.SECONDS);
        HttpResponse<String> stopped = Http.get(stopping.get(), "/realtime/health");
        assertThat(stopped.statusCode()).isEqualTo(503);
        assertThat(stopped.body()).isEqualTo(RealtimeHealth.of(context).toJson());
        assertThat(stopped.body()).contains("\"state\":\"stopped\"");
    }

    @Test
    void itIsOffByDefault() {
        assertThat(Http.get(quiet.get(), "/realtime/health").statusCode()).isEqualTo(404);
        assertThat(RealtimeHealth.of(quiet.get().servletContext()).ready())
                .as("readiness in process needs no endpoint")
                .isTrue();
    }
}
