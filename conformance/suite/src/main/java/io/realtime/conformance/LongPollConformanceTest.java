package io.realtime.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.PathParam;
import io.realtime.Push;
import io.realtime.Topic;
import io.realtime.Topics;
import io.realtime.testing.Await;
import io.realtime.testing.ContainerServer;
import io.realtime.testing.PollEvent;
import io.realtime.testing.PollRecorder;
import io.realtime.testing.ServerExtension;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code @Push} over long-poll: the first answer, a held poll, the end of a hold, reset and the loop. */
class LongPollConformanceTest {

    public record Status(String state) {}

    public static class Jobs {
        private final Topics topics;

        public Jobs(Topics topics) {
            this.topics = topics;
        }

        @Push("/jobs/{id}")
        public Topic<Status> job(@PathParam("id") String id) {
            return topics.get("job:" + id);
        }
    }

    @RegisterExtension
    static final ServerExtension<ContainerServer> server =
            ServerExtension.of(ContainerServer.builder().services(Jobs.class));

    @Test
    void theFirstPollIsAnsweredAtOnceWithTheHead() {
        server.get().topics().get("job:1").publish(new Status("queued"));
        HttpResponse<String> first = Http.get(server.get(), "/jobs/1");
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(first.headers().firstValue("Cache-Control")).hasValue("no-store");
        String cursor = Http.cursorOf(first.body());
        assertThat(first.body()).isEqualTo("{\"cursor\":\"" + cursor + "\",\"events\":[]}");
        assertThat(cursor).endsWith(":1");
    }

    @Test
    void aHeldPollIsAnsweredByThePublish() {
        String cursor = Http.cursorOf(Http.get(server.get(), "/jobs/2").body());
        CompletableFuture<HttpResponse<String>> held = Http.send(server.get(), "/jobs/2?timeout=20&cursor=" + cursor);
        Await.stats(server.get(), "a waiting poll", stats -> stats.waitingPolls() == 1);
        server.get().topics().get("job:2").publish(new Status("done"));
        HttpResponse<String> answer = Http.await(held, "the held poll");
        String next = Http.epochOf(cursor) + ":1";
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body())
                .isEqualTo("{\"cursor\":\"" + next + "\",\"events\":[{\"id\":\"" + next
                        + "\",\"event\":\"message\",\"data\":{\"state\":\"done\"}}]}");
    }

    @Test
    void aHoldThatEndsWithNothingIsA204() {
        String cursor = Http.cursorOf(Http.get(server.get(), "/jobs/3").body());
        HttpResponse<String> empty = Http.get(server.get(), "/jobs/3?timeout=0.2&cursor=" + cursor);
        assertThat(empty.statusCode()).isEqualTo(204);
        assertThat(empty.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(empty.body()).isEmpty();
    }

    @Test
    void aCursorThatCannotBeHonouredIsAResetAtOnce() {
        server.get().topics().get("job:4").publish(new Status("queued"));
        HttpResponse<String> reset = Http.get(server.get(), "/jobs/4?timeout=20&cursor=nonsense");
        assertThat(reset.statusCode()).isEqualTo(200);
        String cursor = Http.cursorOf(reset.body());
        assertThat(reset.body()).isEqualTo("{\"reset\":true,\"cursor\":\"" + cursor + "\"}");
        assertThat(cursor).endsWith(":1");
    }

    @Test
    void aPollingClientReceivesEveryEventInOrder() {
        try (PollRecorder poll = server.get().poll("/jobs/5?timeout=5")) {
            Await.until("the first answer", () -> poll.cursor() != null);
            for (int i = 0; i < 5; i++) {
                server.get().topics().get("job:5").publish(new Status("step " + i));
            }
            assertThat(poll.next(5))
                    .extracting(PollEvent::data)
                    .containsExactly(
                            "{\"state\":\"step 0\"}",
                            "{\"state\":\"step 1\"}",
                            "{\"state\":\"step 2\"}",
                            "{\"state\":\"step 3\"}",
                            "{\"state\":\"step 4\"}");
        }
    }

    @Test
    void aTimeoutThatIsNotANumberIsA400() {
        HttpResponse<String> bad = Http.get(server.get(), "/jobs/6?timeout=soon");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("\"code\":\"bad_request\"");
    }
}
