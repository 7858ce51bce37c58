package io.realtime.jetty.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.realtime.Topic;
import io.realtime.jetty.RealtimeServer;
import io.realtime.jetty.RealtimeServerExtension;
import io.realtime.runtime.RealtimeConfig;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The runtime's own pacing against the browser's breaker (docs/security.md, "Limits"; docs/client.md, "Refusals,
 * Retry-After and the breaker"): while another client of the same address keeps the address's bucket of connection
 * attempts empty ({@code connectRate}, {@code connectBurst}), the page's reconnects are refused {@code 429} with the
 * runtime's {@code Retry-After}; its handle pauses, and once the bucket refills it resumes from its cursor without
 * losing an event. {@link BrowserBreakerTest} shows the same against a filter that refuses everything.
 */
class BrowserPacingTest {

    private static final int FAILURES = 3; // the page's breakerFailures

    @RegisterExtension
    static final RealtimeServerExtension server = RealtimeServerExtension.of(RealtimeServer.builder()
            .services(BrowserReconnectTest.Counter.class)
            .config(RealtimeConfig.builder().connectRate(1).connectBurst(5).build())
            .staticFiles(Chromium.harnessPages()));

    @RegisterExtension
    static final Chromium browser = new Chromium();

    @Test
    void pacedReconnectsPauseThePageWhichResumesWithoutLossOnceTheBucketRefills() throws Exception {
        Tab tab = browser.open(server.get().uri("/client.html"));
        int count = tab.connect(
                "/count",
                "{\"transport\":\"sse\",\"reconnectDelay\":200,\"breakerFailures\":" + FAILURES
                        + ",\"breakerCooldown\":2000}");
        tab.awaitState(count, "open");
        Awaits.subscriptions(server.get(), 1);
        Topic<Integer> topic = server.get().topics().get("count");
        List<String> cursors = new ArrayList<>();
        cursors.add(topic.publish(1));
        tab.awaitEvents(count, 1);

        // Another client of the same address (the loopback) negotiating as fast as it can: it takes every token.
        AtomicBoolean draining = new AtomicBoolean(true);
        AtomicInteger refused = new AtomicInteger();
        HttpClient http = HttpClient.newHttpClient();
        Thread drainer = new Thread(() -> {
            HttpRequest negotiate = HttpRequest.newBuilder(server.get().uri("/count"))
                    .header("Accept", "application/realtime-negotiate+json")
                    .build();
            while (draining.get()) {
                try {
                    if (http.send(negotiate, HttpResponse.BodyHandlers.discarding())
                                    .statusCode()
                            == 429) {
                        refused.incrementAndGet();
                    }
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                } catch (java.io.IOException e) {
                    // the server is stopping
                }
            }
        });
        drainer.setDaemon(true);
        drainer.start();
        try {
            while (refused.get() == 0) {
                Thread.sleep(10); // the bucket is empty
            }
            assertThat(server.get().dropConnections()).isPositive();
            for (int i = 2; i <= 10; i++) {
                cursors.add(topic.publish(i)); // published while the page is paced
            }
            tab.await("the page paused", "return harness.log(" + count + ")", log -> pauses(log) >= 1);
        } finally {
            draining.set(false);
            drainer.join(5000);
        }

        tab.awaitState(count, "open");
        tab.awaitEvents(count, 10);
        JsonNode log = tab.log(count);
        List<Integer> data = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        log.path("events").forEach(event -> {
            data.add(event.path("data").asInt());
            ids.add(event.path("id").asText());
        });
        assertThat(data).isEqualTo(IntStream.rangeClosed(1, 10).boxed().toList());
        assertThat(ids).isEqualTo(cursors);
        assertThat(log.path("resets").size()).isZero();
    }

    private static int pauses(JsonNode log) {
        return Collections.frequency(Awaits.texts(log.path("states")), "paused");
    }
}
