package io.realtime.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.jetty.browser.Chromium;
import io.realtime.jetty.browser.Tab;
import io.realtime.spring.boot.app.DemoApplication;
import io.realtime.spring.boot.app.Market;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A page of the Boot application in Chromium: it loads {@code realtime.js} from the application
 * ({@code /realtime/realtime.js}), follows a {@code @Stream} and talks to a {@code @Duplex} over WebSocket.
 */
@Tag("server")
class BootBrowserTest {

    @RegisterExtension
    static final Chromium browser = new Chromium();

    @RegisterExtension
    static final BootServer.PerClass application = BootServer.perClass(DemoApplication.class);

    @Test
    void aPageOfTheApplicationFollowsAStreamAndChatsOverWebSocket() {
        Tab tab = browser.open(
                application.get().uri("/live.html"), "window.page !== undefined && window.page.ready === true");
        tab.await(
                "both connections to open",
                "return page.states",
                states -> "open".equals(states.path("prices").asText())
                        && "open".equals(states.path("chat").asText()));
        assertThat(tab.run("return page.chatTransport").asText()).isEqualTo("websocket");

        application.get().bean(Market.class).publish("ACME", 103, "seen in the browser");
        tab.await(
                "the price in the page",
                "return page.prices.map(price => price.note)",
                notes -> notes.toString().contains("seen in the browser"));

        tab.run("page.say('hello from Chromium'); return null");
        tab.await(
                "the line back from the room, and the reply",
                "return { lines: page.lines, acks: page.acks }",
                seen -> seen.path("lines").toString().contains("hello from Chromium")
                        && seen.path("acks").toString().equals("[{\"ok\":true}]"));
        assertThat(tab.run("return page.errors").toString()).isEqualTo("[]");
    }
}
