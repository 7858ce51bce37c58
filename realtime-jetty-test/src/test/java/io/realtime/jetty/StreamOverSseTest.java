package io.realtime.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.PathParam;
import io.realtime.Stream;
import io.realtime.Topic;
import io.realtime.Topics;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class StreamOverSseTest {

    public record Price(String symbol, int cents) {}

    public static class Market {
        private final Topics topics;

        public Market(Topics topics) {
            this.topics = topics;
        }

        @Stream("/prices/{symbol}")
        public Topic<Price> prices(@PathParam("symbol") String symbol) {
            return topics.get("prices:" + symbol);
        }
    }

    @RegisterExtension
    static final RealtimeServerExtension server = RealtimeServerExtension.of(Market.class);

    @Test
    void topicEventsArriveInOrderWithCursors() {
        try (SseRecorder sse = server.get().sse("/prices/ACME")) {
            assertThat(sse.status()).isEqualTo(200);
            assertThat(sse.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
            assertThat(sse.headers().firstValue("Cache-Control")).hasValue("no-cache");
            assertThat(sse.headers().firstValue("X-Accel-Buffering")).hasValue("no");
            Topic<Price> topic = server.get().topics().get("prices:ACME");
            awaitSubscribers(1);
            String first = topic.publish(new Price("ACME", 100));
            String second = topic.publish("quote", new Price("ACME", 101));
            SseEvent a = sse.next();
            SseEvent b = sse.next();
            assertThat(a).isEqualTo(new SseEvent(first, "message", "{\"symbol\":\"ACME\",\"cents\":100}"));
            assertThat(b).isEqualTo(new SseEvent(second, "quote", "{\"symbol\":\"ACME\",\"cents\":101}"));
            assertThat(sse.retry()).isEqualTo("2000");
            sse.assertNoMoreEvents(Duration.ofMillis(200));
        }
    }

    private static void awaitSubscribers(int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (server.get().stats().subscriptions() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Expected " + count + " subscribers, have "
                        + server.get().stats());
            }
            Thread.onSpinWait();
        }
    }
}
