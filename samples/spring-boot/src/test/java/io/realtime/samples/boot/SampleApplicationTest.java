package io.realtime.samples.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.jetty.browser.Chromium;
import io.realtime.jetty.browser.Tab;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;

/** The sample's page in Chromium: a quote arrives, an order is tracked to "shipped", a chat line comes back. */
class SampleApplicationTest {

    @RegisterExtension
    static final Chromium browser = new Chromium();

    static ServletWebServerApplicationContext application;

    @BeforeAll
    static void start() {
        application = (ServletWebServerApplicationContext) new SpringApplicationBuilder(SampleApplication.class)
                .properties("server.port=0", "server.address=127.0.0.1", "sample.order-step=200ms")
                .run();
    }

    @AfterAll
    static void stop() {
        application.close();
    }

    @Test
    void thePageShowsQuotesTracksAnOrderAndChats() {
        URI page = URI.create("http://127.0.0.1:" + application.getWebServer().getPort() + "/");
        Tab tab = browser.open(page, "document.getElementById('prices-state').textContent.startsWith('open')");

        tab.await(
                "a quote",
                "return document.getElementById('price').textContent",
                price -> price.asText().matches("\\d+\\.\\d\\d"));

        tab.run("document.getElementById('place').click(); return null");
        String statuses = tab.await(
                        "the order to be shipped",
                        "return document.getElementById('statuses').textContent",
                        text -> text.asText().endsWith("shipped"))
                .asText();
        assertThat(statuses).matches("\\w{8}: received\\w{8}: packed\\w{8}: shipped");
        assertThat(tab.run("return document.getElementById('order-state').dataset.transport")
                        .asText())
                .isEqualTo("poll");

        tab.await(
                "the chat to open over WebSocket",
                "return document.getElementById('chat-state').textContent",
                state -> state.asText().equals("open websocket"));
        tab.run("document.getElementById('line').value = 'hello from the sample';"
                + " document.getElementById('chat').requestSubmit(); return null");
        tab.await(
                "the line back from the room",
                "return document.getElementById('lines').textContent",
                lines -> lines.asText().contains("hello from the sample"));
    }
}
