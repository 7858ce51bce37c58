package io.realtime.jetty;

import static io.realtime.jetty.PollRequests.awaitWaiting;
import static io.realtime.jetty.PollRequests.cursorOf;
import static io.realtime.jetty.PollRequests.epochOf;
import static io.realtime.jetty.PollRequests.get;
import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.PathParam;
import io.realtime.Push;
import io.realtime.RealtimeException;
import io.realtime.Stream;
import io.realtime.Topic;
import io.realtime.Topics;
import io.realtime.runtime.RealtimeConfig;
import io.realtime.testing.Await;
import io.realtime.testing.PollEvent;
import io.realtime.testing.PollRecorder;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PushOverLongPollTest {

    public record Note(String text) {}

    public static class Notes {
        private final Topics topics;

        public Notes(Topics topics) {
            this.topics = topics;
        }

        @Push("/notes/{user}")
        public Topic<Note> notes(@PathParam("user") String user) {
            if (user.equals("mallory")) {
                throw RealtimeException.forbidden("Not your notes");
            }
            return topics.get("notes:" + user);
        }

        @Stream("/feed")
        public Topic<Note> feed() {
            return topics.get("notes:ann");
        }
    }

    @RegisterExtension
    static final RealtimeServerExtension server = RealtimeServerExtension.of(RealtimeServer.builder()
            .services(Notes.class)
            .config(RealtimeConfig.builder().pollMaxEvents(2).build()));

    @Test
    void firstPollWithoutCursorIsAnsweredAtOnceWithTheHead() {
        Topic<Note> topic = server.get().topics().get("notes:bob");
        String head = topic.publish(new Note("before"));

        HttpResponse<String> first = get(server.get(), "/notes/bob");

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).isEqualTo("{\"cursor\":\"" + head + "\",\"events\":[]}");
        assertThat(first.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(first.headers().firstValue("Cache-Control")).hasValue("no-store");
    }

    @Test
    void waitingPollIsAnsweredByThePublish() throws Exception {
        // A server of its own: polls that other tests' recorders left waiting would blur the count.
        try (RealtimeServer alone = RealtimeServer.start(Notes.class)) {
            String cursor = cursorOf(get(alone, "/notes/carol"));
            CompletableFuture<HttpResponse<String>> poll =
                    PollRequests.send(alone, "/notes/carol?timeout=20&cursor=" + cursor);
            awaitWaiting(alone, 1);

            String id = alone.topics().get("notes:carol").publish(new Note("hi"));

            HttpResponse<String> answer = poll.get(10, TimeUnit.SECONDS);
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body())
                    .isEqualTo("{\"cursor\":\"" + id + "\",\"events\":[{\"id\":\"" + id
                            + "\",\"event\":\"message\",\"data\":{\"text\":\"hi\"}}]}");
            assertThat(answer.headers().firstValue("Cache-Control")).hasValue("no-store");
            assertThat(alone.stats().waitingPolls()).isZero();
        }
    }

    @Test
    void holdEndingWithNothingIsNoContent() {
        String cursor = cursorOf(get(server.get(), "/notes/dave"));

        HttpResponse<String> answer = get(server.get(), "/notes/dave?timeout=0.2&cursor=" + cursor);

        assertThat(answer.statusCode()).isEqualTo(204);
        assertThat(answer.body()).isEmpty();
        assertThat(answer.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(answer.headers().firstValue("Retry-After")).isEmpty();
    }

    @Test
    void holdIsBoundedByTheConfiguredTimeout() throws Exception {
        try (RealtimeServer brief = RealtimeServer.builder()
                .services(Notes.class)
                .config(RealtimeConfig.builder()
                        .pollTimeout(Duration.ofMillis(200))
                        .build())
                .start()) {
            String cursor = cursorOf(get(brief, "/notes/kim"));

            for (String query : List.of("?timeout=600&", "?")) {
                HttpResponse<String> answer = PollRequests.send(brief, "/notes/kim" + query + "cursor=" + cursor)
                        .get(10, TimeUnit.SECONDS);
                assertThat(answer.statusCode()).as(query).isEqualTo(204);
            }
        }
    }

    @Test
    void zeroTimeoutAnswersAtOnce() {
        String cursor = cursorOf(get(server.get(), "/notes/erin"));

        assertThat(get(server.get(), "/notes/erin?timeout=0&cursor=" + cursor).statusCode())
                .isEqualTo(204);
    }

    @Test
    void batchesAreBoundedAndTheLoopGetsTheRest() {
        Topic<Note> topic = server.get().topics().get("notes:fay");
        String cursor = cursorOf(get(server.get(), "/notes/fay"));
        for (int i = 1; i <= 5; i++) {
            topic.publish(new Note("n" + i));
        }

        HttpResponse<String> batch = get(server.get(), "/notes/fay?cursor=" + cursor);
        assertThat(batch.body()).contains("n1", "n2").doesNotContain("n3");
        try (PollRecorder loop = server.get().poll("/notes/fay?timeout=5", cursorOf(batch))) {
            assertThat(loop.next(3))
                    .extracting(PollEvent::data)
                    .containsExactly("{\"text\":\"n3\"}", "{\"text\":\"n4\"}", "{\"text\":\"n5\"}");
            loop.assertNoMoreEvents(Duration.ofMillis(200));
        }
    }

    @Test
    void recorderLoopsOnTheCursorFromNow() {
        try (PollRecorder loop = server.get().poll("/notes/gus?timeout=5")) {
            Await.until("a first answer", () -> loop.cursor() != null, loop::stopReason);
            Topic<Note> topic = server.get().topics().get("notes:gus");
            String a = topic.publish(new Note("a"));
            String b = topic.publish("edit", new Note("b"));

            assertThat(loop.next(2))
                    .containsExactly(
                            new PollEvent(a, "message", "{\"text\":\"a\"}"),
                            new PollEvent(b, "edit", "{\"text\":\"b\"}"));
            assertThat(epochOf(loop.cursor())).isEqualTo(epochOf(a));
        }
    }

    @Test
    void streamTopicAnswersLongPollWithTheSameCursors() {
        Topic<Note> topic = server.get().topics().get("notes:ann");
        String cursor = topic.publish(new Note("old"));
        String next = topic.publish(new Note("new"));

        HttpResponse<String> answer = get(server.get(), "/feed?transport=poll&cursor=" + cursor);

        assertThat(answer.body())
                .isEqualTo("{\"cursor\":\"" + next + "\",\"events\":[{\"id\":\"" + next
                        + "\",\"event\":\"message\",\"data\":{\"text\":\"new\"}}]}");
    }

    @Test
    void refusalIsAJsonError() {
        HttpResponse<String> answer = get(server.get(), "/notes/mallory");

        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(answer.body()).isEqualTo("{\"error\":{\"code\":\"forbidden\",\"message\":\"Not your notes\"}}");
        assertThat(answer.headers().firstValue("Cache-Control")).hasValue("no-store");
    }

    @Test
    void malformedTimeoutIsABadRequest() {
        for (String timeout : List.of("soon", "-1", "1e3", "", "0.0001")) {
            HttpResponse<String> answer = get(server.get(), "/notes/hal?timeout=" + timeout);

            assertThat(answer.statusCode()).as(timeout).isEqualTo(400);
            assertThat(answer.body()).as(timeout).startsWith("{\"error\":{\"code\":\"bad_request\"");
        }
    }

    @Test
    void negotiationOffersLongPollFirstForPush() {
        String offer = server.get().visitor().tab().negotiate("/notes/ivy").offer();

        assertThat(ProtocolExamples.withoutIdentity(offer))
                .isEqualTo("{\"protocol\":1,\"kind\":\"push\",\"transports\":[\"poll\",\"sse\"]}");
    }
}
