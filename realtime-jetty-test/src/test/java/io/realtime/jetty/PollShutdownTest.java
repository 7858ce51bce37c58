package io.realtime.jetty;

import static io.realtime.jetty.PollRequests.awaitWaiting;
import static io.realtime.jetty.PollRequests.cursorOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.EventSink;
import io.realtime.Push;
import io.realtime.Stream;
import io.realtime.Topic;
import io.realtime.Topics;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** When the application stops, every waiting poll is answered at once: {@code 204} with {@code Retry-After}. */
class PollShutdownTest {

    public static class Services {
        private final Topics topics;

        public Services(Topics topics) {
            this.topics = topics;
        }

        @Push("/news")
        public Topic<String> news() {
            return topics.get("news");
        }

        @Push("/report")
        public CompletionStage<String> report() {
            return new CompletableFuture<>();
        }

        @Stream("/progress")
        public void progress(EventSink<Integer> sink) {}
    }

    @Test
    void waitingPollsOfEveryShapeAreAnsweredWithRetryAfter() throws Exception {
        try (RealtimeServer server = RealtimeServer.start(Services.class)) {
            String news = cursorOf(PollRequests.get(server, "/news"));
            String session = cursorOf(PollRequests.get(server, "/progress?transport=poll"));
            List<CompletableFuture<HttpResponse<String>>> polls = List.of(
                    PollRequests.send(server, "/news?cursor=" + news),
                    PollRequests.send(server, "/report"),
                    PollRequests.send(server, "/progress?transport=poll&cursor=" + session));
            awaitWaiting(server, 3);

            server.stopApplication();

            for (CompletableFuture<HttpResponse<String>> poll : polls) {
                HttpResponse<String> answer = poll.get(10, TimeUnit.SECONDS);
                assertThat(answer.statusCode()).as(answer.uri().toString()).isEqualTo(204);
                assertThat(answer.headers().firstValue("Retry-After")).hasValue("1");
                assertThat(answer.headers().firstValue("Cache-Control")).hasValue("no-store");
            }
        }
    }
}
