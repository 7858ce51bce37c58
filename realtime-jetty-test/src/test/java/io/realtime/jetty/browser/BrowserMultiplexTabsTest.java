package io.realtime.jetty.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.Topic;
import io.realtime.jetty.RealtimeServer;
import io.realtime.jetty.RealtimeServerExtension;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two tabs of one browser with ten handles each, connected with {@code multiplex} and {@code share: true}, hold one
 * connection to {@code /realtime/mux} between them, counted by the server and by each page's {@code connections()}.
 * Every handle receives its own events; when the leading tab closes, the other takes over and every one of its
 * handles resumes from its own cursor, without loss or duplicates.
 */
class BrowserMultiplexTabsTest {

    private static final String OPTIONS = "{\"multiplex\":true,\"share\":true}";

    @RegisterExtension
    static final RealtimeServerExtension server = RealtimeServerExtension.of(RealtimeServer.builder()
            .services(BrowserMultiplexTest.Feeds.class)
            .config(BrowserMultiplexTest.QUICK)
            .staticFiles(Chromium.harnessPages()));

    @RegisterExtension
    static final RealtimeServerExtension withoutWebSocket = RealtimeServerExtension.of(RealtimeServer.builder()
            .webSocket(false)
            .services(BrowserMultiplexTest.Feeds.class)
            .config(BrowserMultiplexTest.QUICK)
            .staticFiles(Chromium.harnessPages()));

    @RegisterExtension
    static final Chromium browser = new Chromium();

    @Test
    void twoTabsShareOneWebSocketForTwentySubscriptions() {
        twoTabsShareOneConnection(server.get(), "websocket");
    }

    @Test
    void withoutWebSocketsTwoTabsShareOneEventStream() {
        twoTabsShareOneConnection(withoutWebSocket.get(), "sse");
    }

    private static void twoTabsShareOneConnection(RealtimeServer server, String transport) {
        List<String> paths = BrowserMultiplexTest.PATHS;
        Tab first = browser.open(server.uri("/client.html"));
        List<Integer> firstHandles = connectAll(first, transport);
        Tab second = browser.open(server.uri("/client.html"));
        List<Integer> secondHandles = connectAll(second, transport);
        Awaits.shared(server, 1, 2 * paths.size());
        int leaders = physical(first) + physical(second);
        assertThat(leaders).as("connections() of the two pages together").isEqualTo(1);

        List<Topic<Integer>> topics =
                paths.stream().map(name -> server.topics().<Integer>get(name)).toList();
        List<List<String>> cursors = new ArrayList<>();
        topics.forEach(topic -> cursors.add(new ArrayList<>()));
        int published = BrowserMultiplexTest.publish(topics, cursors, 0, 5);
        awaitEvery(first, firstHandles, published);
        awaitEvery(second, secondHandles, published);

        // The leading tab goes; events published meanwhile reach the other tab once it leads.
        Tab leader = physical(first) == 1 ? first : second;
        Tab follower = leader == first ? second : first;
        List<Integer> followerHandles = leader == first ? secondHandles : firstHandles;
        leader.close();
        published += BrowserMultiplexTest.publish(topics, cursors, published, 5);
        awaitEvery(follower, followerHandles, published);
        Awaits.shared(server, 1, paths.size());
        assertThat(physical(follower)).isEqualTo(1);
        for (int i = 0; i < followerHandles.size(); i++) {
            Awaits.everyEventOnceInOrder(paths.get(i), follower.log(followerHandles.get(i)), cursors.get(i));
        }
    }

    /** Connects one handle per endpoint, and waits until each is subscribed over {@code transport}. */
    private static List<Integer> connectAll(Tab tab, String transport) {
        List<Integer> handles = BrowserMultiplexTest.PATHS.stream()
                .map(path -> tab.connect(path, OPTIONS))
                .toList();
        for (int i = 0; i < handles.size(); i++) {
            String kind = BrowserMultiplexTest.KINDS.get(BrowserMultiplexTest.PATHS.get(i));
            tab.await(
                    "connection " + handles.get(i) + " to be subscribed over " + transport,
                    "return harness.log(" + handles.get(i) + ")",
                    log -> log.path("kind").asText().equals(kind)
                            && log.path("transport").asText().equals(transport));
        }
        return handles;
    }

    private static void awaitEvery(Tab tab, List<Integer> handles, int count) {
        handles.forEach(handle -> tab.awaitEvents(handle, count));
    }

    private static int physical(Tab tab) {
        return tab.run("return harness.physical()").asInt();
    }
}
