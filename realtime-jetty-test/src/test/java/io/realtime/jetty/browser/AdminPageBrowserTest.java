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
import io.realtime.testing.SessionControl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The admin page in Chromium (docs/observability.md, "Admin page"): refused to a visitor who is not logged in, as
 * JSON; once an admitted user logs in, it opens its own feed over the library's {@code @Stream} and shows, live, the
 * node with its connections by transport, the busiest topics with their subscribers and rates, and the refusals. With
 * {@code -Dadmin.screenshot=<file>} it also saves what it shows there (docs/images/admin.png is one).
 */
class AdminPageBrowserTest {

    /** Rooms, so that the page lists several topics. */
    public static class Rooms {
        private final Topics topics;

        public Rooms(Topics topics) {
            this.topics = topics;
        }

        @Stream("/rooms/{room}")
        public Topic<String> room(@PathParam("room") String room) {
            return topics.get("room/" + room);
        }
    }

    private static final String[] ROOMS = {"lobby", "support", "release-42"};

    @RegisterExtension
    static final RealtimeServerExtension server = RealtimeServerExtension.of(RealtimeServer.builder()
            .services(BrowserReconnectTest.Counter.class, Rooms.class)
            .config(RealtimeConfig.builder().adminRoles(Set.of("user:alice")).build())
            .users("alice")
            .staticFiles(Chromium.harnessPages()));

    @RegisterExtension
    static final Chromium browser = new Chromium();

    @Test
    void anAdmittedUserSeesTheNodeItsTopicsAndRefusalsLive() throws IOException {
        Tab refused = browser.open(server.get().uri("/realtime/admin"), "document.readyState === 'complete'");
        assertThat(refused.run("return document.body.innerText").asText())
                .contains("\"code\":\"forbidden\"")
                .doesNotContain("realtime · admin");

        Tab clients = browser.open(server.get().uri("/client.html"));
        for (int i = 0; i < 3; i++) {
            clients.awaitState(clients.connect("/count", "{\"transport\":\"sse\"}"), "open");
        }
        int poll = clients.connect("/count", "{\"transport\":\"poll\"}");
        clients.awaitState(poll, "open");
        for (int i = 0; i < ROOMS.length; i++) {
            for (int j = 0; j <= i; j++) {
                Tab other = j == 0 ? clients : browser.open(server.get().uri("/client.html"));
                other.awaitState(other.connect("/rooms/" + ROOMS[i], "{}"), "open");
            }
        }
        clients.run("return fetch('count', { headers: { 'Realtime-Token': 'forged' } }).then(r => r.status)");
        assertThat(clients.run(
                                "return fetch(arguments[0], { method: 'POST' }).then(r => r.status)",
                                server.get()
                                        .uri(SessionControl.PATH + "/login?user=alice")
                                        .toString())
                        .asInt())
                .isEqualTo(204);

        Tab admin = browser.open(server.get().uri("/realtime/admin"), "document.getElementById('status') !== null");
        Topic<Integer> count = server.get().topics().get("count");
        for (int i = 0; i < 20; i++) {
            count.publish(i);
        }
        admin.await(
                "the page to show the node, its topic and the refused token",
                "return { status: document.getElementById('status').textContent,"
                        + " nodes: document.getElementById('nodes').innerText,"
                        + " topics: document.getElementById('topics').innerText,"
                        + " refusals: document.getElementById('refusals').innerText }",
                (JsonNode page) -> page.path("status").asText().equals("open")
                        && page.path("topics").asText().contains("count")
                        && page.path("refusals").asText().contains("token_refused")
                        && !page.path("nodes").asText().contains("waiting"));
        JsonNode cells = admin.run(
                "return [...document.querySelectorAll('#nodes tr:first-child td')]" + ".map(td => td.textContent)");
        assertThat(cells.get(2).asInt())
                .as("SSE connections: the clients' streams (the page's handles may share one) and the page's feed")
                .isGreaterThanOrEqualTo(2);
        assertThat(cells.get(3).asText())
                .as("long-poll connections, open while a poll is held")
                .matches("[0-9]+");
        JsonNode topic = admin.run("return [...document.querySelectorAll('#topics tr')]"
                + ".map(tr => [...tr.children].map(td => td.textContent)).find(cells => cells[0] === 'count')");
        assertThat(topic.get(2).asInt()).as("the topic's subscribers").isPositive();

        String screenshot = System.getProperty("admin.screenshot", "");
        if (!screenshot.isEmpty()) {
            ScheduledExecutorService traffic = Executors.newSingleThreadScheduledExecutor();
            AtomicInteger sent = new AtomicInteger();
            traffic.scheduleAtFixedRate( // every 40 ms, a message to one room in turn and to the count
                    () -> {
                        int i = sent.getAndIncrement();
                        server.get()
                                .topics()
                                .get("room/" + ROOMS[i % ROOMS.length])
                                .publish("message " + i);
                        count.publish(i);
                    },
                    0,
                    40,
                    TimeUnit.MILLISECONDS);
            try {
                admin.resize(1400, 800);
                admin.await( // every topic moving, over a whole period of the traffic
                        "the page to show every topic's rate",
                        "return [...document.querySelectorAll('#topics tr')].map(tr => tr.children[3].textContent)",
                        rates -> rates.size() == 4
                                && java.util.stream.StreamSupport.stream(rates.spliterator(), false)
                                        .allMatch(rate -> rate.asText().matches("[1-9][0-9.]*")));
                Files.write(Path.of(screenshot), admin.screenshot());
            } finally {
                traffic.shutdownNow();
            }
        }
    }
}
