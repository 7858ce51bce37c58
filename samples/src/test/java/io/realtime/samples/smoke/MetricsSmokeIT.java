package io.realtime.samples.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.testing.SseRecorder;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code /metrics}: the runtime's meters as Prometheus text, named {@code realtime_…}, following real traffic. On
 * embedded Jetty alone: what it checks is the samples' wiring, which is the same on every container (the meters
 * themselves are checked on each by the conformance suite).
 */
@ExtendWith(Container.Cleanup.class)
class MetricsSmokeIT {

    private static Samples samples;

    @BeforeAll
    static void deploy() {
        samples = Container.EMBEDDED_JETTY.samples();
    }

    @Test
    void metricsAnswerPrometheusTextThatCountsTheTickersStream() {
        try (SseRecorder ticker = samples.sse("/ticker")) {
            ticker.next(2);
            HttpResponse<String> scrape = samples.get("/metrics");

            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
            assertThat(scrape.body())
                    .contains("# TYPE realtime_connections gauge")
                    .containsPattern("realtime_connections\\{endpoint=\"/ticker\",transport=\"sse\"} [1-9]")
                    .containsPattern("realtime_events_delivered_total\\{endpoint=\"/ticker\",transport=\"sse\"} [1-9]")
                    .containsPattern("realtime_events_published_total [1-9]")
                    .contains("realtime_delivery_lag_seconds_bucket{endpoint=\"/ticker\"");
        }
    }
}
