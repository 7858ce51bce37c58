package io.realtime.jetty.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.realtime.PathParam;
import io.realtime.Stream;
import io.realtime.Topic;
import io.realtime.Topics;
import io.realtime.jetty.RealtimeServer;
import io.realtime.jetty.RealtimeServerExtension;
import io.realtime.runtime.RealtimeConfig;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A page follows a {@code @Stream} over Server-Sent Events with realtime.js, in Chromium. */
class BrowserStreamTest {

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
    static final RealtimeServerExtension server = RealtimeServerExtension.of(RealtimeServer.builder()
            .services(Market.class)
            // A server notices a departed client when a write fails: frequent heartbeats make that soon.
            .config(RealtimeConfig.builder().heartbeat(Duration.ofMillis(200)).build())
            .contextPath("/shop")
            .staticFiles(Chromium.harnessPages()));

    @RegisterExtension
    static final Chromium browser = new Chromium();

    @Test
    void aPageReceivesTopicEventsInOrderThenCloses() {
        Tab tab = browser.open(server.get().uri("/client.html"));
        int prices = tab.connect("/prices/ACME", "{}");
        tab.run("harness.listen(arguments[0], 'quote')", prices);
        JsonNode open = tab.awaitState(prices, "open");
        assertThat(open.path("url").asText())
                .isEqualTo(server.get().uri("/prices/ACME").toString());
        assertThat(open.path("transport").asText()).isEqualTo("sse");
        assertThat(open.path("kind").asText()).isEqualTo("stream");
        Awaits.subscriptions(server.get(), 1);

        Topic<Price> topic = server.get().topics().get("prices:ACME");
        String first = topic.publish(new Price("ACME", 100));
        String second = topic.publish("quote", new Price("ACME", 101));
        JsonNode log = tab.awaitEvents(prices, 2);

        assertThat(log.path("events"))
                .isEqualTo(Awaits.json("[{\"event\":\"message\",\"id\":\"" + first
                        + "\",\"data\":{\"symbol\":\"ACME\",\"cents\":100}},"
                        + "{\"event\":\"quote\",\"id\":\"" + second
                        + "\",\"data\":{\"symbol\":\"ACME\",\"cents\":101}}]"));
        assertThat(log.path("cursor").asText()).isEqualTo(second);
        assertThat(Awaits.texts(log.path("states"))).containsExactly("connecting", "open");
        assertThat(Awaits.texts(log.path("opens"))).containsExactly("sse");
        assertThat(log.path("errors").size()).isZero();

        tab.run("harness.close(arguments[0])", prices);
        assertThat(Awaits.texts(tab.log(prices).path("states"))).isEqualTo(List.of("connecting", "open", "closed"));
        Awaits.connections(server.get(), 0);
    }
}
