package io.realtime.jetty.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.realtime.Connection;
import io.realtime.Duplex;
import io.realtime.PathParam;
import io.realtime.Push;
import io.realtime.RealtimeException;
import io.realtime.Stream;
import io.realtime.Topic;
import io.realtime.Topics;
import io.realtime.jetty.RealtimeServer;
import io.realtime.jetty.RealtimeServerExtension;
import io.realtime.runtime.RealtimeConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Ten handles of a page to ten endpoints of the three kinds, connected with {@code multiplex}, share one
 * connection to {@code /realtime/mux} on each transport in turn: counted by the server, and from the browser's
 * own network log. Each receives its own events, all ten resume without loss or duplicates after the server
 * drops every connection, and a refused eleventh subscription fails its handle alone.
 */
class BrowserMultiplexTest {

    /** Endpoint path to the kind its handle reports and the topic it follows. */
    static final Map<String, String> KINDS = Map.of(
            "/prices/A",
            "stream",
            "/prices/B",
            "stream",
            "/prices/C",
            "stream",
            "/news",
            "stream",
            "/jobs/1",
            "push",
            "/jobs/2",
            "push",
            "/jobs/3",
            "push",
            "/chat/lobby",
            "duplex",
            "/chat/ops",
            "duplex",
            "/chat/help",
            "duplex");

    static final List<String> PATHS = KINDS.keySet().stream().sorted().toList();
    private static final String MUX = "/realtime/mux";
    private static final int ROUNDS = 3;

    public static class Feeds {
        private final Topics topics;

        public Feeds(Topics topics) {
            this.topics = topics;
        }

        @Stream("/prices/{symbol}")
        public Topic<Integer> prices(@PathParam("symbol") String symbol) {
            return topics.get("/prices/" + symbol);
        }

        @Stream("/news")
        public Topic<Integer> news() {
            return topics.get("/news");
        }

        @Push("/jobs/{id}")
        public Topic<Integer> job(@PathParam("id") String id) {
            return topics.get("/jobs/" + id);
        }

        @Duplex("/chat/{room}")
        public Topic<Integer> join(Connection<Integer> connection, @PathParam("room") String room) {
            return topics.get("/chat/" + room);
        }

        @Stream("/vault")
        public Topic<Integer> vault() {
            throw RealtimeException.forbidden("Members only");
        }
    }

    // Frequent heartbeats: a server notices a dropped client when a write fails. A short retry: reconnect soon.
    static final RealtimeConfig QUICK = RealtimeConfig.builder()
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
    static final Chromium browser = Chromium.recordingNetwork();

    @Test
    void tenSubscriptionsShareOneWebSocket() {
        shareOneConnection(server.get(), "{\"multiplex\":true}", "websocket", NetworkLog.Kind.WEBSOCKET);
    }

    @Test
    void withoutWebSocketsTenSubscriptionsShareOneEventStream() {
        shareOneConnection(withoutWebSocket.get(), "{\"multiplex\":true}", "sse", NetworkLog.Kind.EVENT_STREAM);
    }

    @Test
    void tenSubscriptionsShareOneLongPoll() {
        shareOneConnection(forPolls.get(), "{\"multiplex\":true,\"transport\":\"poll\"}", "poll", NetworkLog.Kind.POLL);
    }

    private static void shareOneConnection(
            RealtimeServer server, String options, String transport, NetworkLog.Kind receiving) {
        browser.network(); // what earlier tests left
        Tab tab = browser.open(server.uri("/client.html"));
        List<Integer> handles =
                PATHS.stream().map(path -> tab.connect(path, options)).toList();
        for (int i = 0; i < handles.size(); i++) {
            String kind = KINDS.get(PATHS.get(i));
            // `kind` comes with the subscription's `subscribed`: its position is fixed from then on.
            JsonNode log = tab.await(
                    "connection " + handles.get(i) + " to be subscribed",
                    "return harness.log(" + handles.get(i) + ")",
                    it -> it.path("kind").asText().equals(kind));
            assertThat(log.path("transport").asText()).isEqualTo(transport);
        }
        Awaits.shared(server, 1, PATHS.size());
        // Until the first drop, the browser opened one connection to receive, and asked no endpoint of its own.
        List<NetworkLog.Request> opening = requestsTo(server);
        assertThat(opening).filteredOn(NetworkLog.Request::receives).allMatch(request -> request.kind() == receiving);
        if (receiving != NetworkLog.Kind.POLL) {
            assertThat(opening).filteredOn(NetworkLog.Request::receives).hasSize(1);
        }
        assertOnlyShared(opening);

        List<Topic<Integer>> topics =
                PATHS.stream().map(name -> server.topics().<Integer>get(name)).toList();
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
        assertReceivedInOrder(tab, handles, cursors, published);
        Awaits.shared(server, 1, PATHS.size());

        // A refused subscription over the same connection fails its own handle; the other ten go on.
        int vault = tab.connect("/vault", options);
        JsonNode refused = tab.awaitState(vault, "closed");
        assertThat(refused.path("errors"))
                .isEqualTo(Awaits.json("[{\"code\":\"forbidden\",\"message\":\"Members only\"}]"));
        published += publish(topics, cursors, published, 1);
        for (int handle : handles) {
            tab.awaitEvents(handle, published);
        }
        assertReceivedInOrder(tab, handles, cursors, published);
        Awaits.shared(server, 1, PATHS.size());
        assertOnlyShared(requestsTo(server));

        // The last handle to close closes the shared connection. (A long-poll connection has nothing to close:
        // the server ends it once no poll came for its stall timeout, as for a poll of an endpoint's own.)
        handles.forEach(handle -> tab.run("harness.close(arguments[0])", handle));
        if (!transport.equals("poll")) {
            Awaits.connections(server, 0);
        }
    }

    private static void assertReceivedInOrder(
            Tab tab, List<Integer> handles, List<List<String>> cursors, int published) {
        for (int i = 0; i < handles.size(); i++) {
            JsonNode log = tab.log(handles.get(i));
            assertThat(cursors.get(i)).as(PATHS.get(i)).hasSize(published);
            Awaits.everyEventOnceInOrder(PATHS.get(i), log, cursors.get(i));
            assertThat(log.path("errors").size()).isZero();
            assertThat(log.path("state").asText()).isEqualTo("open");
        }
    }

    /** The requests the browser sent to this server since the last look. */
    private static List<NetworkLog.Request> requestsTo(RealtimeServer server) {
        int port = server.uri("/").getPort();
        return browser.network().stream()
                .filter(request -> request.url().getPort() == port)
                .toList();
    }

    /** Every connection that receives goes to the shared path, and no request to an endpoint's own. */
    private static void assertOnlyShared(List<NetworkLog.Request> requests) {
        assertThat(requests)
                .filteredOn(NetworkLog.Request::receives)
                .isNotEmpty()
                .allMatch(request -> request.url().getPath().endsWith(MUX));
        assertThat(requests)
                .noneMatch(request -> KINDS.containsKey(request.url().getPath())
                        || request.url().getPath().equals("/vault"));
    }

    /** Publishes `count` numbered events on every topic, keeping their cursors; returns `count`. */
    static int publish(List<Topic<Integer>> topics, List<List<String>> cursors, int after, int count) {
        for (int n = after + 1; n <= after + count; n++) {
            for (int i = 0; i < topics.size(); i++) {
                cursors.get(i).add(topics.get(i).publish(n));
            }
        }
        return count;
    }
}
