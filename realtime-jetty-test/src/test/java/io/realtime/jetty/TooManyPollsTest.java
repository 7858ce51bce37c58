package io.realtime.jetty;

import static io.realtime.jetty.PollRequests.awaitWaiting;
import static io.realtime.jetty.PollRequests.cursorOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.Push;
import io.realtime.Topic;
import io.realtime.Topics;
import io.realtime.runtime.RealtimeConfig;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Polls in progress are bounded per HTTP session and per client address: beyond, {@code 429} with a pause. */
class TooManyPollsTest {

    public static class Alerts {
        private final Topics topics;

        public Alerts(Topics topics) {
            this.topics = topics;
        }

        @Push("/alerts")
        public Topic<String> alerts() {
            return topics.get("alerts");
        }
    }

    @RegisterExtension
    static final RealtimeServerExtension server = RealtimeServerExtension.of(RealtimeServer.builder()
            .services(Alerts.class)
            .config(RealtimeConfig.builder()
                    .maxPollsPerSession(2)
                    .maxPollsPerAddress(4)
                    .build()));

    @BeforeAll
    static void addLogin() {
        PollRequests.addLogin(server.get());
    }

    @Test
    void pollsBeyondTheSessionLimitAreRefusedUntilOneEnds() throws Exception {
        HttpClient browser = PollRequests.browser(server.get());
        String cursor = cursorOf(send(browser, "/alerts").get(10, TimeUnit.SECONDS));
        List<CompletableFuture<HttpResponse<String>>> waiting = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            waiting.add(send(browser, "/alerts?timeout=20&cursor=" + cursor));
            awaitWaiting(server.get(), i + 1);
        }

        HttpResponse<String> refused =
                send(browser, "/alerts?timeout=20&cursor=" + cursor).get(10, TimeUnit.SECONDS);
        HttpResponse<String> otherClient = PollRequests.get(server.get(), "/alerts?timeout=0&cursor=" + cursor);

        assertTooMany(refused);
        assertThat(otherClient.statusCode())
                .as("another session from the same address")
                .isEqualTo(204);
        server.get().topics().get("alerts").publish("wake");
        for (CompletableFuture<HttpResponse<String>> poll : waiting) {
            assertThat(poll.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
        assertThat(send(browser, "/alerts?timeout=0&cursor=" + cursor)
                        .get(10, TimeUnit.SECONDS)
                        .statusCode())
                .as("places are given back when polls are answered")
                .isEqualTo(200);
    }

    @Test
    void pollsBeyondTheAddressLimitAreRefused() throws Exception {
        String cursor = cursorOf(PollRequests.get(server.get(), "/alerts"));
        List<CompletableFuture<HttpResponse<String>>> waiting = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            waiting.add(PollRequests.send(server.get(), "/alerts?timeout=20&cursor=" + cursor));
            awaitWaiting(server.get(), i + 1);
        }

        assertTooMany(PollRequests.get(server.get(), "/alerts?timeout=20&cursor=" + cursor));
        server.get().topics().get("alerts").publish("wake");
        for (CompletableFuture<HttpResponse<String>> poll : waiting) {
            assertThat(poll.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
    }

    private static void assertTooMany(HttpResponse<String> answer) {
        assertThat(answer.statusCode()).isEqualTo(429);
        assertThat(answer.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(answer.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(answer.body())
                .isEqualTo("{\"error\":{\"code\":\"too_many_polls\",\"message\":"
                        + "\"Too many polls in progress from this client\"}}");
    }

    private static CompletableFuture<HttpResponse<String>> send(HttpClient client, String path) {
        return PollRequests.send(server.get(), client, path);
    }
}
