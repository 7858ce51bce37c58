package io.realtime.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.EventSink;
import io.realtime.Stream;
import io.realtime.Topic;
import io.realtime.Topics;
import io.realtime.runtime.RealtimeConfig;
import io.realtime.runtime.RealtimeStats;
import io.realtime.testing.Await;
import io.realtime.testing.SseRecorder;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Clients that connect and go away leave nothing behind: no connection, subscription, queued message, pending
 * task or thread. Jetty does not report a client that closed an idle response, so the runtime notices it on
 * the next heartbeat, which this test configures short.
 */
class ConnectionChurnTest {

    private static final int CYCLES = 1000;
    private static final int THREAD_MARGIN = 8;

    public static class Endpoints {
        static final AtomicInteger sinksClosed = new AtomicInteger();
        private final Topics topics;

        public Endpoints(Topics topics) {
            this.topics = topics;
        }

        @Stream("/feed")
        public Topic<String> feed() {
            return topics.get("feed");
        }

        @Stream("/sink")
        public void sink(EventSink<String> sink) {
            sink.onClose(sinksClosed::incrementAndGet);
            sink.send("hello");
        }
    }

    @RegisterExtension
    static final RealtimeServerExtension server = RealtimeServerExtension.of(RealtimeServer.builder()
            .config(RealtimeConfig.builder()
                    .heartbeat(Duration.ofMillis(100))
                    .workerThreads(4)
                    // a thousand cycles from one address, as fast as the machine allows: not what the pacing is for
                    .connectRate(1_000_000)
                    .connectBurst(1_000_000)
                    .build())
            .services(Endpoints.class));

    @Test
    void aThousandConnectDisconnectCyclesLeaveNothingBehind() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        cycles(50); // brings Jetty's, the client's and the runtime's thread pools to their working size
        awaitNothingLeft();
        int threadsBefore = threads.getThreadCount();
        int sinksBefore = Endpoints.sinksClosed.get();

        cycles(CYCLES);

        awaitNothingLeft();
        RealtimeStats stats = server.get().stats();
        assertThat(stats.topics()).as("the one topic, kept for its history").isEqualTo(1);
        assertThat(Endpoints.sinksClosed.get() - sinksBefore)
                .as("every sink's onClose ran")
                .isEqualTo(CYCLES / 2);
        Await.until(
                "the thread count to return to " + threadsBefore + " (+" + THREAD_MARGIN + ")",
                () -> threads.getThreadCount() <= threadsBefore + THREAD_MARGIN,
                ConnectionChurnTest::threadNames);
    }

    /** Live threads by name without their numbers, to tell whose threads remain. */
    private static Object threadNames() {
        java.util.Map<String, Long> byPool = new java.util.TreeMap<>();
        Thread.getAllStackTraces()
                .keySet()
                .forEach(t -> byPool.merge(t.getName().replaceAll("[0-9]+", "#"), 1L, Long::sum));
        return byPool;
    }

    private static void cycles(int count) {
        for (int i = 0; i < count; i++) {
            boolean sink = i % 2 == 1;
            try (SseRecorder sse = server.get().sse(sink ? "/sink" : "/feed")) {
                if (sink) {
                    assertThat(sse.next().data()).isEqualTo("\"hello\"");
                } else {
                    Await.until("the stream to open", () -> sse.retry() != null);
                }
            }
        }
    }

    private static void awaitNothingLeft() {
        Await.stats(
                server.get(),
                "no connection, subscription, queued message or pending task",
                stats -> stats.connections() == 0
                        && stats.subscriptions() == 0
                        && stats.queuedMessages() == 0
                        && stats.pendingTasks() == 0);
    }
}
