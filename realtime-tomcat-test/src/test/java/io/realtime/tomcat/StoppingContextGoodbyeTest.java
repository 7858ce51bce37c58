package io.realtime.tomcat;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.Push;
import io.realtime.Stream;
import io.realtime.Topic;
import io.realtime.Topics;
import io.realtime.testing.Await;
import io.realtime.testing.Cursors;
import io.realtime.testing.SseRecorder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.LifecycleListener;
import org.junit.jupiter.api.Test;

/**
 * Tomcat times out, on its own timer (about once a second), every request in async mode without a timeout whose
 * context is no longer available, and a stopping context is unavailable from before its servlets are destroyed,
 * which is when the runtime says goodbye. A stream or a held poll that Tomcat ends that way hears the same goodbye
 * as from the runtime: the final {@code reconnect} event, or {@code 204} with {@code Retry-After}. Here the stop is
 * held between the two moments, for as long as the test needs, so that Tomcat's timer always comes first.
 */
class StoppingContextGoodbyeTest {

    public record Note(String text) {}

    public static class Board {
        private final Topics topics;

        public Board(Topics topics) {
            this.topics = topics;
        }

        @Stream("/board")
        public Topic<Note> board() {
            return topics.get("board");
        }

        @Push("/inbox")
        public Topic<Note> inbox() {
            return topics.get("inbox");
        }
    }

    private static final Duration PROMPTLY = Duration.ofSeconds(5);

    @Test
    void streamsAndHeldPollsThatTomcatTimesOutAsTheContextStopsHearTheGoodbye() throws Exception {
        try (TomcatServer server = TomcatServer.builder().services(Board.class).start()) {
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch held = new CountDownLatch(1);
            LifecycleListener holdTheStop = event -> {
                // Fired as the context becomes unavailable, before it stops its servlets.
                if (Lifecycle.STOP_EVENT.equals(event.getType())) {
                    held.countDown();
                    try {
                        release.await(20, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            };
            server.context().addLifecycleListener(holdTheStop);
            CompletableFuture<Void> stop = null;
            try (SseRecorder sse = server.sse("/board")) {
                String cursor = Cursors.of(server.client()
                        .send(get(server, "/inbox"), HttpResponse.BodyHandlers.ofString())
                        .body());
                CompletableFuture<HttpResponse<String>> poll = server.client()
                        .sendAsync(
                                get(server, "/inbox?timeout=20&cursor=" + cursor),
                                HttpResponse.BodyHandlers.ofString());
                server.topics().get("board").publish(new Note("up"));
                assertThat(sse.next().data()).isEqualTo("{\"text\":\"up\"}");
                Await.stats(server, "a waiting poll", stats -> stats.waitingPolls() == 1);

                stop = CompletableFuture.runAsync(server::stopApplication);
                assertThat(held.await(10, TimeUnit.SECONDS))
                        .as("the stop reached the context")
                        .isTrue();

                assertThat(sse.next(PROMPTLY).event()).isEqualTo("reconnect");
                sse.awaitEnd(PROMPTLY);
                HttpResponse<String> answer = poll.get(PROMPTLY.toSeconds(), TimeUnit.SECONDS);
                assertThat(answer.statusCode()).isEqualTo(204);
                assertThat(answer.headers().firstValue("Retry-After")).hasValue("1");
                assertThat(stop)
                        .as("the stop is still held before the servlets, so the runtime has not said goodbye")
                        .isNotDone();
            } finally {
                release.countDown();
                if (stop != null) {
                    stop.get(20, TimeUnit.SECONDS);
                }
                server.context().removeLifecycleListener(holdTheStop);
            }
        }
    }

    private static HttpRequest get(TomcatServer server, String path) {
        return HttpRequest.newBuilder(server.uri(path)).GET().build();
    }
}
