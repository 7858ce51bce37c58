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
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Three handles of a page, connected with {@code multiplex}, share one connection to {@code /realtime/mux} on
 * each transport in turn (counted by the server), receive their own events, and resume all three without loss
 * or duplicates after the server drops every connection.
 */
class BrowserMultiplexTest {

    private static final List<String> PATHS = List.of("/prices/A", "/prices/B", "/news");
    private static final List<String> TOPICS = List.of("prices:A", "prices:B", "news");
    private static final int ROUNDS = 3;

    public static class Feeds {
        private final Topics topics;

        public Feeds(Topics topics) {
            this.topics = topics;
        }

        @Stream("/prices/{symbol}")
        public Topic<Integer> prices(@PathParam("symbol") String symbol) {
            return topics.get("prices:" + symbol);
        }

        @Stream("/news")
        public Topic<Integer> news() {
            return topics.get("news");
        }
    }

    // Frequent heartbeats: a server notices a dropped client when a write fails. A short retry: reconnect soon.
    private static final RealtimeConfig QUICK = RealtimeConfig.builder()
            .heartbeat(Duration.ofMillis(200))
            .sseRetry(Duration.ofMillis(100))
            .build();

    @RegisterExtension
    static final RealtimeServerExtension server = RealtimeServerExtension.of(
            RealtimeServer.builder().services(Feeds.class).config(QUICK).staticFiles(Chromium.harnessPages()));

    @RegisterExtension
    static final RealtimeServerExtension withoutWebSocket = RealtimeServerExtension.of(RealtimeServer.builder()
            .webSocket(false)
            .services(Feeds.class)
            .config(QUICK)
            .staticFiles(Chromium.harnessPages()));

    @RegisterExtension
    static final RealtimeServerExtension forPolls = RealtimeServerExtension.of(
            RealtimeServer.builder().services(Feeds.class).config(QUICK).staticFiles(Chromium.harnessPages()));

    @RegisterExtension
    static final Chromium browser = new Chromium();

    @Test
    void threeSubscriptionsShareOneWebSocket() {
        shareOneConnection(server.get(), "{\"multiplex\":true}", "websocket");
    }

    @Test
    void withoutWebSocketsThreeSubscriptionsShareOneEventStream() {
        shareOneConnection(withoutWebSocket.get(), "{\"multiplex\":true}", "sse");
    }

    @Test
    void threeSubscriptionsShareOneLongPoll() {
        shareOneConnection(forPolls.get(), "{\"multiplex\":true,\"transport\":\"poll\"}", "poll");
    }

    private static void shareOneConnection(RealtimeServer server, String options, String transport) {
        Tab tab = browser.open(server.uri("/client.html"));
        List<Integer> handles =
                PATHS.stream().map(path -> tab.connect(path, options)).toList();
        for (int handle : handles) {
            // `kind` comes with the subscription's `subscribed`: its position is fixed from then on.
            JsonNode log = tab.await(
                    "connection " + handle + " to be subscribed",
                    "return harness.log(" + handle + ")",
                    it -> it.path("kind").asText().equals("stream"));
            assertThat(log.path("transport").asText()).isEqualTo(transport);
        }
        Awaits.shared(server, 1, PATHS.size());

        List<Topic<Integer>> topics =
                TOPICS.stream().map(name -> server.topics().<Integer>get(name)).toList();
        List<List<String>> cursors = new ArrayList<>();
        topics.forEach(topic -> cursors.add(new ArrayList<>()));
        int published = 0;
        for (int round = 0; round < ROUNDS; round++) {
            published += publish(topics, cursors, published, 10);
            // Cut while those are on their way, then publish more while the page is away.
            assertThat(server.dropConnections()).isPositive();
            published += publish(topics, cursors, published, 5);
            for (int handle : handles) {
                tab.awaitEvents(handle, published);
            }
        }

        for (int i = 0; i < handles.size(); i++) {
            JsonNode log = tab.log(handles.get(i));
            List<Integer> data = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            log.path("events").forEach(event -> {
                data.add(event.path("data").asInt());
                ids.add(event.path("id").asText());
            });
            assertThat(data)
                    .isEqualTo(IntStream.rangeClosed(1, published).boxed().toList());
            assertThat(ids).isEqualTo(cursors.get(i));
            assertThat(log.path("resets").size()).isZero();
            assertThat(log.path("errors").size()).isZero();
            assertThat(log.path("state").asText()).isEqualTo("open");
        }
        Awaits.shared(server, 1, PATHS.size());
        // The last handle to close closes the shared connection. (A long-poll connection has nothing to close:
        // the server ends it once no poll came for its stall timeout, as for a poll of an endpoint's own.)
        handles.forEach(handle -> tab.run("harness.close(arguments[0])", handle));
        if (!transport.equals("poll")) {
            Awaits.connections(server, 0);
        }
    }

    /** Publishes `count` numbered events on every topic, keeping their cursors; returns `count`. */
    private static int publish(List<Topic<Integer>> topics, List<List<String>> cursors, int after, int count) {
        for (int n = after + 1; n <= after + count; n++) {
            for (int i = 0; i < topics.size(); i++) {
                cursors.get(i).add(topics.get(i).publish(n));
            }
        }
        return count;
    }
}
