package io.realtime.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.Connection;
import io.realtime.Duplex;
import io.realtime.PathParam;
import io.realtime.Push;
import io.realtime.Stream;
import io.realtime.Topic;
import io.realtime.Topics;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.Test;

/**
 * As it starts, the runtime logs one INFO line per endpoint under {@code io.realtime.runtime.RealtimeRuntime}: the
 * annotation, the path, the methods and the transports.
 */
class EndpointStartupLogTest {

    public record Line(String text) {}

    public static class Shop {
        private final Topics topics;

        public Shop(Topics topics) {
            this.topics = topics;
        }

        @Stream("/prices/{symbol}")
        public Topic<String> prices(@PathParam("symbol") String symbol) {
            return topics.get("prices:" + symbol);
        }

        @Push("/orders")
        public Topic<String> orders() {
            return topics.get("orders");
        }

        @Duplex("/chat")
        public Topic<String> join(Connection<String> connection) {
            return topics.get("chat");
        }

        @Duplex("/chat")
        public Line say(Line line) {
            return line;
        }
    }

    @Test
    void eachEndpointIsLoggedWithItsMethodsAndTransports() {
        assertThat(linesOf(RealtimeServer.builder().contextPath("/shop").services(Shop.class)))
                .containsExactlyInAnyOrder(
                        "@Duplex /chat in '/shop': " + Shop.class.getName() + ".join(Connection), "
                                + Shop.class.getName() + ".say(Line), over websocket, sse",
                        "@Push /orders in '/shop': " + Shop.class.getName() + ".orders(), over poll, sse",
                        "@Stream /prices/{symbol} in '/shop': " + Shop.class.getName()
                                + ".prices(String), over sse, poll");
    }

    private static List<String> linesOf(RealtimeServer.Builder builder) {
        List<String> lines = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            private final SimpleFormatter formatter = new SimpleFormatter();

            @Override
            public void publish(LogRecord record) {
                String line = formatter.formatMessage(record);
                if (record.getLevel().equals(Level.INFO) && line.startsWith("@")) {
                    lines.add(line);
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger runtime = Logger.getLogger("io.realtime.runtime.RealtimeRuntime");
        runtime.addHandler(capture);
        try (RealtimeServer server = builder.start()) {
            assertThat(server.uri()).isNotNull();
        } finally {
            runtime.removeHandler(capture);
        }
        return lines;
    }
}
