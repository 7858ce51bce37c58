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
import org.junit.jupiter.api.Test;

/**
 * A service the runtime created that is {@link AutoCloseable} is closed when the application stops, once, before
 * the clients' goodbyes: the place for a background publisher's timer, which then outlives nothing.
 */
class ServiceCloseConformanceTest {

    public static class Clock implements AutoCloseable {
        static final AtomicInteger closes = new AtomicInteger();
        static volatile ScheduledExecutorService lastTimer;

        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        private final Topics topics;

        public Clock(Topics topics) {
            this.topics = topics;
            lastTimer = timer;
            timer.scheduleAtFixedRate(() -> topics.get("ticks").publish("tick"), 0, 50, TimeUnit.MILLISECONDS);
        }

        @Stream("/ticks")
        public Topic<String> ticks() {
            return topics.get("ticks");
        }

        @Override
        public void close() throws InterruptedException {
            closes.incrementAndGet();
            timer.shutdownNow();
            timer.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void anAutoCloseableServiceIsClosedOnceWhenTheApplicationStops() {
        Clock.closes.set(0);
        try (ContainerServer server =
                        ContainerServer.builder().services(Clock.class).start();
                SseRecorder ticks = server.sse("/ticks")) {
            assertThat(ticks.next().data()).isEqualTo("\"tick\"");
            assertThat(Clock.closes).hasValue(0);
        }
        assertThat(Clock.closes).hasValue(1);
        assertThat(Clock.lastTimer.isTerminated()).isTrue();
    }
}
