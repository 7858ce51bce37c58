package io.realtime.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.realtime.Topics;
import io.realtime.spring.boot.metered.MeteredApplication;
import io.realtime.testing.Await;
import io.realtime.testing.SseRecorder;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** With Micrometer and a {@code MeterRegistry} bean, the runtime's meters are in it and follow real traffic. */
@Tag("server")
class BootMetricsTest {

    @RegisterExtension
    static final BootServer.PerClass application = BootServer.perClass(MeteredApplication.class);

    @Test
    void theRuntimesMetersAreBoundToTheApplicationsRegistry() {
        MeterRegistry registry = application.get().bean(MeterRegistry.class);
        try (SseRecorder sse = application.get().visitor().tab().sse("/ticks")) {
            assertThat(sse.status()).isEqualTo(200);
            Await.until("the stream counted", () -> value(registry) == 1, () -> value(registry));
            application.get().bean(Topics.class).get("ticks").publish("tick");
            assertThat(sse.next().data()).isEqualTo("\"tick\"");
            Await.until("the tick counted", () -> delivered(registry) == 1, () -> delivered(registry));
        }
        assertThat(registry.get("realtime.events.published").counter().count()).isEqualTo(1);
    }

    private static double value(MeterRegistry registry) {
        Gauge gauge = registry.find("realtime.connections")
                .tags("transport", "sse", "endpoint", "/ticks")
                .gauge();
        return gauge == null ? -1 : gauge.value();
    }

    private static double delivered(MeterRegistry registry) {
        Counter counter = registry.find("realtime.events.delivered")
                .tags("transport", "sse", "endpoint", "/ticks")
                .counter();
        return counter == null ? -1 : counter.count();
    }
}
