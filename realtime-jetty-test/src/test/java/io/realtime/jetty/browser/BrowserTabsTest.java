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
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Eight tabs follow one endpoint: they hold one connection between them (a browser allows six per host over
 * HTTP/1.1), all receive every event, and when the tab holding the connection closes another takes over.
 */
class BrowserTabsTest {

    private static final int TABS = 8;

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
            // A server notices a departed tab when a write fails: frequent heartbeats make that soon.
            .config(RealtimeConfig.builder().heartbeat(Duration.ofMillis(200)).build())
            .staticFiles(Chromium.harnessPages()));

    @RegisterExtension
    static final Chromium browser = new Chromium();

    @Test
    void eightTabsShareOneConnectionAndAllReceiveEveryEvent() {
        List<Tab> tabs = new ArrayList<>();
        for (int i = 0; i < TABS; i++) {
            Tab tab = browser.open(server.get().uri("/client.html"));
            assertThat(tab.connect("/count", "{}")).isZero();
            tab.awaitState(0, "open");
            tabs.add(tab);
        }
        assertThat(server.get().stats().connections()).isEqualTo(1);
        Topic<Integer> topic = server.get().topics().get("count");
        for (int i = 1; i <= 10; i++) {
            topic.publish(i);
        }
        for (Tab tab : tabs) {
            assertThat(numbers(tab.awaitEvents(0, 10))).isEqualTo(range(10));
        }
        assertThat(server.get().stats().connections()).isEqualTo(1);

        tabs.remove(0).close(); // the first tab connected first: it holds the connection
        for (int i = 11; i <= 20; i++) {
            topic.publish(i); // some while no tab is connected: the next leader resumes from its cursor
        }
        for (Tab tab : tabs) {
            JsonNode log = tab.awaitEvents(0, 20);
            assertThat(numbers(log)).isEqualTo(range(20));
            assertThat(log.path("errors").size()).isZero();
        }
        Awaits.connections(server.get(), 1);
    }

    private static List<Integer> numbers(JsonNode log) {
        List<Integer> numbers = new ArrayList<>();
        log.path("events").forEach(event -> numbers.add(event.path("data").asInt()));
        return numbers;
    }

    private static List<Integer> range(int last) {
        return IntStream.rangeClosed(1, last).boxed().toList();
    }
}
