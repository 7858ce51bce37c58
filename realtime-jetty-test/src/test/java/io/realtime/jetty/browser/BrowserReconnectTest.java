package io.realtime.jetty.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.realtime.Stream;
import io.realtime.Topic;
import io.realtime.Topics;
import io.realtime.jetty.RealtimeServer;
import io.realtime.jetty.RealtimeServerExtension;
import io.realtime.runtime.RealtimeConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The server drops every connection, again and again, while events flow: the page's handle reconnects and
 * resumes from its cursor, so it sees every event exactly once, in order.
 */
class BrowserReconnectTest {

    private static final int ROUNDS = 5;

    public static class Counter {
        private final Topics topics;

        public Counter(Topics topics) {
            this.topics = topics;
        }

        @Stream("/count")
        public Topic<Integer> count() {
            return topics.get("count");
        }
    }

    @RegisterExtension
    static final RealtimeServerExtension server = RealtimeServerExtension.of(RealtimeServer.builder()
            .services(Counter.class)
            .config(RealtimeConfig.builder().sseRetry(Duration.ofMillis(100)).build()) // reconnect soon
            .staticFiles(Chromium.harnessPages()));

    @RegisterExtension
    static final Chromium browser = new Chromium();

    @Test
    void noEventIsLostOrDuplicatedWhenTheServerDropsConnectionsMidStream() {
        Tab tab = browser.open(server.get().uri("/client.html"));
        int count = tab.connect("/count", "{}");
        tab.awaitState(count, "open");
        Awaits.subscriptions(server.get(), 1);
        Topic<Integer> topic = server.get().topics().get("count");
        List<String> cursors = new ArrayList<>();
        int published = 0;
        // A first event gives the page a cursor: a handle that has none resumes "from now" (docs/client.md).
        cursors.add(topic.publish(++published));
        tab.awaitEvents(count, published);
        for (int round = 0; round < ROUNDS; round++) {
            for (int i = 0; i < 40; i++) {
                cursors.add(topic.publish(++published));
            }
            // Cut while those are on their way, then publish more while the client is away.
            assertThat(server.get().dropConnections()).isPositive();
            for (int i = 0; i < 20; i++) {
                cursors.add(topic.publish(++published));
            }
            tab.awaitEvents(count, published);
        }

        JsonNode log = tab.log(count);
        List<Integer> data = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        log.path("events").forEach(event -> {
            data.add(event.path("data").asInt());
            ids.add(event.path("id").asText());
        });
        assertThat(data).isEqualTo(IntStream.rangeClosed(1, published).boxed().toList());
        assertThat(ids).isEqualTo(cursors);
        List<String> states = Awaits.texts(log.path("states"));
        assertThat(Collections.frequency(states, "reconnecting")).isEqualTo(ROUNDS);
        assertThat(log.path("state").asText()).isEqualTo("open");
        assertThat(log.path("resets").size()).isZero();
        assertThat(log.path("errors").size()).isZero();
    }
}
