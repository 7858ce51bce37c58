package io.realtime.jetty.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.realtime.Connection;
import io.realtime.Duplex;
import io.realtime.RealtimeSession;
import io.realtime.jetty.RealtimeServer;
import io.realtime.jetty.RealtimeServerExtension;
import io.realtime.runtime.RealtimeConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The tab id in Chromium: realtime.js keeps the tab token in {@code sessionStorage}, so a reload keeps the tab
 * (and the server keeps its attributes), and two tabs have two ids.
 */
class BrowserIdentityTest {

    public record Visit(String tab, int visits) {}

    public static class Visits {
        @Duplex("/visits")
        public void visit(Connection<Visit> connection, RealtimeSession tab) {
            int visits = (Integer) tab.attributes().merge("visits", 1, (a, b) -> (Integer) a + (Integer) b);
            connection.send("visit", new Visit(tab.id(), visits));
        }
    }

    @RegisterExtension
    static final RealtimeServerExtension server = RealtimeServerExtension.of(RealtimeServer.builder()
            .services(Visits.class)
            .config(RealtimeConfig.builder().heartbeat(Duration.ofMillis(200)).build())
            .staticFiles(Chromium.harnessPages()));

    @RegisterExtension
    static final Chromium browser = new Chromium();

    @Test
    void aReloadKeepsTheTabAndItsAttributes() {
        Tab tab = browser.open(server.get().uri("/client.html"));
        Visit first = visit(tab);
        assertThat(first.visits()).isEqualTo(1);

        tab.reload();
        Visit again = visit(tab);
        assertThat(again).isEqualTo(new Visit(first.tab(), 2));
        tab.run("harness.close(arguments[0])", 0);
    }

    @Test
    void twoTabsHaveTwoIds() {
        Tab one = browser.open(server.get().uri("/client.html"));
        Tab two = browser.open(server.get().uri("/client.html"));
        Visit first = visit(one);
        Visit second = visit(two);
        assertThat(second.tab()).isNotEqualTo(first.tab());
        assertThat(second.visits()).as("the other tab's attributes are its own").isEqualTo(1);
        one.run("harness.close(arguments[0])", 0);
        two.close(); // the browser's first tab stays: closing every tab would end the browser's session
    }

    /** Connects the page's first connection, and reads what the server saw of its tab. */
    private static Visit visit(Tab tab) {
        int number = tab.connect("/visits", "{}", "visit");
        JsonNode log = tab.awaitEvents(number, 1);
        JsonNode data = log.path("events").get(0).path("data");
        Visit visit = new Visit(data.path("tab").asText(), data.path("visits").asInt());
        assertThat(tab.log(number).path("tab").asText())
                .as("the page's handle knows the tab the server saw")
                .isEqualTo(visit.tab());
        return visit;
    }
}
