package io.realtime.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.realtime.runtime.Realtime;
import io.realtime.runtime.RealtimeHealth;
import io.realtime.spring.boot.healthy.HealthyApplication;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * With Actuator, the {@code realtime} health indicator follows the runtime, on Boot 3 and on Boot 4 (whose
 * {@code HealthIndicator} moved): {@code UP} while it runs, {@code OUT_OF_SERVICE} once it drains; and the
 * property {@code realtime.health-endpoint} turns on the runtime's own {@code /realtime/health}.
 */
@Tag("server")
class BootHealthTest {

    private static final String[] PROPERTIES = {
        "management.endpoints.web.exposure.include=health",
        "management.endpoint.health.show-details=always",
        "realtime.health-endpoint=true"
    };

    @Test
    void theIndicatorIsUpWhileTheRuntimeRunsAndOutOfServiceOnceItHasDrained() {
        try (BootServer application = BootServer.start(HealthyApplication.class, PROPERTIES)) {
            HttpResponse<String> up = get(application, "/actuator/health/realtime");
            assertThat(up.statusCode()).isEqualTo(200);
            assertThat(json(up.body()))
                    .isEqualTo(json("{\"status\":\"UP\",\"details\":{\"state\":\"running\",\"backplane\":\"up\"}}"));
            HttpResponse<String> own = get(application, "/realtime/health");
            assertThat(own.statusCode()).isEqualTo(200);
            assertThat(own.body()).isEqualTo("{\"status\":\"up\",\"state\":\"running\",\"backplane\":\"up\"}");

            Realtime.stop(application.servletContext()); // what the starter does first when the application stops
            assertThat(RealtimeHealth.of(application.servletContext()).state())
                    .as("drained: the runtime stays in its context, stopped, until the context ends")
                    .isEqualTo(RealtimeHealth.State.STOPPED);
            HttpResponse<String> stopped = get(application, "/actuator/health/realtime");
            assertThat(stopped.statusCode()).isEqualTo(503);
            assertThat(json(stopped.body()))
                    .isEqualTo(
                            json(
                                    "{\"status\":\"OUT_OF_SERVICE\",\"details\":{\"state\":\"stopped\",\"backplane\":\"unknown\"}}"));
            assertThat(get(application, "/realtime/health").statusCode()).isEqualTo(503);
        }
    }

    @Test
    void theIndicatorFollowsActuatorsSwitches() {
        for (String off :
                new String[] {"management.health.realtime.enabled=false", "management.health.defaults.enabled=false"}) {
            try (BootServer application = BootServer.start(HealthyApplication.class, with(off))) {
                assertThat(get(application, "/actuator/health/realtime").statusCode())
                        .as("with " + off)
                        .isEqualTo(404);
                assertThat(get(application, "/realtime/health").statusCode()).isEqualTo(200);
            }
        }
        try (BootServer application = BootServer.start(
                HealthyApplication.class,
                with("management.health.defaults.enabled=false", "management.health.realtime.enabled=true"))) {
            assertThat(get(application, "/actuator/health/realtime").statusCode())
                    .as("its own switch before the default")
                    .isEqualTo(200);
        }
    }

    private static String[] with(String... more) {
        String[] properties = java.util.Arrays.copyOf(PROPERTIES, PROPERTIES.length + more.length);
        System.arraycopy(more, 0, properties, PROPERTIES.length, more.length);
        return properties;
    }

    @Test
    void aLostBackplaneIsDownAndANodeNotStartedIsOutOfService() {
        assertThat(HealthReport.of(new RealtimeHealth(RealtimeHealth.State.RUNNING, false)))
                .isEqualTo(new HealthReport(HealthReport.DOWN, Map.of("state", "running", "backplane", "down")));
        assertThat(HealthReport.of(new RealtimeHealth(RealtimeHealth.State.STOPPED, false)))
                .isEqualTo(new HealthReport(
                        HealthReport.OUT_OF_SERVICE, Map.of("state", "stopped", "backplane", "unknown")));
    }

    // Boot 3 and Boot 4 write the members in different orders.
    private static JsonNode json(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (IOException e) {
            throw new AssertionError("Not JSON: " + text, e);
        }
    }

    private static HttpResponse<String> get(BootServer application, String path) {
        try {
            return HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(application.uri(path))
                                    .timeout(Duration.ofSeconds(20))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("GET " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
