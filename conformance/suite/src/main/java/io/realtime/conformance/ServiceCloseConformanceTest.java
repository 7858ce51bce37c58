package io.realtime.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.Stream;
import io.realtime.Topic;
import io.realtime.Topics;
import io.realtime.testing.ContainerServer;
import io.realtime.testing.SseRecorder;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A service the runtime created that is {@link AutoCloseable} is closed when the application stops, once, before
 * the clients' goodbyes: the place for a background publisher's timer, which then outlives nothing.
 */
class ServiceCloseConformanceTest {

    public static class Clock implements AutoCloseable {
        static final AtomicInteger closes = new AtomicInteger();
        static final AtomicReference<ScheduledExecutorService> timers = new AtomicReference<>();

        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        private final Topics topics;

        public Clock(Topics topics) {
            this.topics = topics;
            timers.set(timer);
            timer.scheduleAtFixedRate(() -> topics.get("ticks").publish("tick"), 0, 50, TimeUnit.MILLISECONDS);
        }

        @Stream("/ticks")
        public Topic<String> ticks() {
            return topics.get("ticks");
        }

        @Override
        public void close() {
            closes.incrementAndGet();
            timer.shutdownNow();
            try {
                timer.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void anAutoCloseableServiceIsClosedOnceWhenTheApplicationStops() {
        Clock.closes.set(0);
        try (ContainerServer server =
                ContainerServer.builder().services(Clock.class).start()) {
            try (SseRecorder ticks = server.sse("/ticks")) {
                assertThat(ticks.next().data()).isEqualTo("\"tick\"");
            }
            assertThat(Clock.closes).hasValue(0);
        }
        assertThat(Clock.closes).hasValue(1);
        assertThat(Clock.timers.get().isTerminated()).isTrue();
    }
}
