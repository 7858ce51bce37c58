package io.realtime.jetty.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.realtime.Topic;
import io.realtime.runtime.RealtimeConfig;
import io.realtime.testing.Await;
import io.realtime.testing.ContainerServer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The runtime's own pacing against the browser's breaker, on any container (docs/security.md, "Limits";
 * docs/client.md, "Refusals, Retry-After and the breaker"): while another client of the same address keeps the
 * address's bucket of connection attempts empty, the page's reconnects are refused {@code 429} with the runtime's
 * {@code Retry-After}; its handle pauses, and once the bucket refills it resumes from its cursor without losing an
 * event. {@link BrowserPacingTest} runs it on Jetty, and the Tomcat kit's tests on Tomcat.
 */
public final class PacedReconnects {

    private static final int FAILURES = 3; // the page's breakerFailures

    /** The service the server runs: a {@code @Stream("/count")}. */
    public static final Class<?> SERVICE = BrowserReconnectTest.Counter.class;

    /** The server's settings: a bucket of 5 connection attempts per address, refilled at 1 a second. */
    public static final RealtimeConfig CONFIG =
            RealtimeConfig.builder().connectRate(1).connectBurst(5).build();

    private PacedReconnects() {}

    /**
     * Runs the check: {@code server} runs {@link #SERVICE} with {@link #CONFIG} and serves
     * {@link Chromium#harnessPages()}.
     */
    public static void pacedReconnectsPauseThePageWhichResumesWithoutLoss(Chromium browser, ContainerServer server)
            throws Exception {
        Tab tab = browser.open(server.uri("/client.html"));
        int count = tab.connect(
                "/count",
                "{\"transport\":\"sse\",\"reconnectDelay\":200,\"breakerFailures\":" + FAILURES
                        + ",\"breakerCooldown\":2000}");
        tab.awaitState(count, "open");
        Awaits.subscriptions(server, 1);
        Topic<Integer> topic = server.topics().get("count");
        List<String> cursors = new ArrayList<>();
        cursors.add(topic.publish(1));
        tab.awaitEvents(count, 1);

        // Another client of the same address (the loopback) negotiating every 20 ms: it takes every token.
        AtomicInteger refused = new AtomicInteger();
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest negotiate = HttpRequest.newBuilder(server.uri("/count"))
                .header("Accept", "application/realtime-negotiate+json")
                .build();
        ScheduledExecutorService drainer = Executors.newSingleThreadScheduledExecutor();
        drainer.scheduleWithFixedDelay(
                () -> {
                    try {
                        if (http.send(negotiate, HttpResponse.BodyHandlers.discarding())
                                        .statusCode()
                                == 429) {
                            refused.incrementAndGet();
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (java.io.IOException e) {
                        // the server is stopping
                    }
                },
                0,
                20,
                TimeUnit.MILLISECONDS);
        try {
            Await.until("the other client refused: the bucket is empty", () -> refused.get() > 0);
            assertThat(server.dropConnections()).isPositive();
            for (int i = 2; i <= 10; i++) {
                cursors.add(topic.publish(i)); // published while the page is paced
            }
            tab.await("the page paused", "return harness.log(" + count + ")", log -> Awaits.pauses(log) >= 1);
        } finally {
            drainer.shutdownNow();
            assertThat(drainer.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        }

        tab.awaitState(count, "open");
        tab.awaitEvents(count, 10);
        JsonNode log = tab.log(count);
        Awaits.everyEventOnceInOrder(log, cursors);
    }
}
