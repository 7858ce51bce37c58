package io.realtime.jetty;

import static io.realtime.jetty.PollRequests.awaitWaiting;
import static io.realtime.jetty.PollRequests.get;
import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.PathParam;
import io.realtime.Push;
import io.realtime.RealtimeException;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The two other shapes of {@code @Push}: a held request per {@code CompletionStage}, and a short poll. */
class PushStageAndValueTest {

    public record Job(int id, String state) {}

    public record Unread(int unread) {}

    public static class Jobs {
        static final Map<Integer, CompletableFuture<Job>> RUNNING = new ConcurrentHashMap<>();
        static final AtomicInteger UNREAD = new AtomicInteger(3);

        @Push("/jobs/{id}")
        public CompletionStage<Job> job(@PathParam("id") int id) {
            return RUNNING.computeIfAbsent(id, k -> new CompletableFuture<>());
        }

        @Push("/unread")
        public Unread unread() {
            return new Unread(UNREAD.get());
        }
    }

    @RegisterExtension
    static final RealtimeServerExtension server = RealtimeServerExtension.of(Jobs.class);

    @Test
    void stageIsAnsweredWhenItCompletes() throws Exception {
        CompletableFuture<HttpResponse<String>> poll = PollRequests.send(server.get(), "/jobs/1?timeout=20");
        awaitWaiting(server.get(), 1);

        Jobs.RUNNING.get(1).complete(new Job(1, "done"));

        HttpResponse<String> answer = poll.get(10, TimeUnit.SECONDS);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("{\"id\":1,\"state\":\"done\"}");
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(answer.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(server.get().stats().waitingPolls()).isZero();
    }

    @Test
    void stageStillRunningWhenTheHoldEndsIsNoContent() {
        HttpResponse<String> answer = get(server.get(), "/jobs/2?timeout=0.2");

        assertThat(answer.statusCode()).isEqualTo(204);
        assertThat(answer.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(server.get().stats().waitingPolls()).isZero();
        Jobs.RUNNING.get(2).complete(new Job(2, "late"));
        assertThat(get(server.get(), "/jobs/2").body()).isEqualTo("{\"id\":2,\"state\":\"late\"}");
    }

    @Test
    void stageThatFailsIsAJsonError() throws Exception {
        CompletableFuture<HttpResponse<String>> poll = PollRequests.send(server.get(), "/jobs/3?timeout=20");
        awaitWaiting(server.get(), 1);

        Jobs.RUNNING.get(3).completeExceptionally(RealtimeException.notFound("No job 3"));

        HttpResponse<String> answer = poll.get(10, TimeUnit.SECONDS);
        assertThat(answer.statusCode()).isEqualTo(404);
        assertThat(answer.body()).isEqualTo("{\"error\":{\"code\":\"not_found\",\"message\":\"No job 3\"}}");
    }

    @Test
    void shortPollRevalidatesWithTheEtag() {
        HttpResponse<String> first = get(server.get(), "/unread");
        String etag = first.headers().firstValue("ETag").orElseThrow();

        HttpResponse<String> same = get(server.get(), "/unread", "If-None-Match", etag);
        Jobs.UNREAD.set(4);
        HttpResponse<String> changed = get(server.get(), "/unread", "If-None-Match", etag);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).isEqualTo("{\"unread\":3}");
        assertThat(first.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(same.statusCode()).isEqualTo(304);
        assertThat(same.body()).isEmpty();
        assertThat(same.headers().firstValue("ETag")).hasValue(etag);
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(changed.body()).isEqualTo("{\"unread\":4}");
        assertThat(changed.headers().firstValue("ETag").orElseThrow()).isNotEqualTo(etag);
    }
}
