package io.realtime.jetty;

import static io.realtime.jetty.PollRequests.cursorOf;
import static io.realtime.jetty.PollRequests.epochOf;
import static io.realtime.jetty.PollRequests.get;
import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.EventSink;
import io.realtime.PathParam;
import io.realtime.Stream;
import io.realtime.runtime.RealtimeConfig;
import io.realtime.testing.Await;
import io.realtime.testing.PollEvent;
import io.realtime.testing.PollRecorder;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Per-client streams over long-poll: the first poll opens a session on the server, whose cursor numbers the
 * batches; the session ends with {@code end}, resends a lost batch, and expires when its client stops polling.
 */
class StreamOverLongPollTest {

    public record Progress(int percent) {}

    public static class Streams {
        static final BlockingQueue<EventSink<Progress>> SINKS = new LinkedBlockingQueue<>();
        static final CountDownLatch CLOSED = new CountDownLatch(1);

        @Stream("/count/{n}")
        public List<Integer> count(@PathParam("n") int n) {
            return IntStream.rangeClosed(1, n).boxed().toList();
        }

        @Stream("/progress")
        public void progress(EventSink<Progress> sink) {
            SINKS.add(sink);
        }

        @Stream("/forgotten")
        public void forgotten(EventSink<Progress> sink) {
            sink.onClose(CLOSED::countDown);
        }
    }

    @RegisterExtension
    static final RealtimeServerExtension server = RealtimeServerExtension.of(RealtimeServer.builder()
            .services(Streams.class)
            .config(RealtimeConfig.builder()
                    .heartbeat(Duration.ofMillis(100))
                    .stallTimeout(Duration.ofMillis(500))
                    .pollMaxEvents(100)
                    .build()));

    @BeforeAll
    static void addLogin() {
        PollRequests.addLogin(server.get());
    }

    @Test
    void finiteStreamArrivesInBoundedBatchesThenEnds() {
        try (PollRecorder loop = server.get().poll("/count/250?transport=poll")) {
            List<PollEvent> events = loop.next(251);

            assertThat(events.subList(0, 250))
                    .extracting(PollEvent::data)
                    .containsExactlyElementsOf(IntStream.rangeClosed(1, 250)
                            .mapToObj(Integer::toString)
                            .toList());
            assertThat(events).extracting(PollEvent::id).containsOnlyNulls();
            assertThat(events.get(250)).isEqualTo(new PollEvent(null, "end", "{}"));
            assertThat(loop.awaitStop(Duration.ofSeconds(5))).isEqualTo("end");
            assertThat(loop.answers(200))
                    .as("a first answer, then batches of at most 100")
                    .isGreaterThanOrEqualTo(4);
        }
    }

    @Test
    void sinkEventsReachTheWaitingPoll() throws Exception {
        Streams.SINKS.clear();
        try (PollRecorder loop = server.get().poll("/progress?transport=poll&timeout=5")) {
            EventSink<Progress> sink = Streams.SINKS.poll(10, TimeUnit.SECONDS);
            assertThat(sink).isNotNull();
            sink.send(new Progress(10));
            sink.send("stage", new Progress(50));
            assertThat(loop.next(2))
                    .containsExactly(
                            new PollEvent(null, "message", "{\"percent\":10}"),
                            new PollEvent(null, "stage", "{\"percent\":50}"));

            sink.close();

            assertThat(loop.next()).isEqualTo(new PollEvent(null, "end", "{}"));
            assertThat(loop.awaitStop(Duration.ofSeconds(5))).isEqualTo("end");
        }
    }

    @Test
    void lostBatchIsSentAgainForThePreviousCursor() {
        String start = cursorOf(get(server.get(), "/count/3?transport=poll"));
        // The list is written out and the session ends on its own; then one batch holds all of it.
        Await.stats(server.get(), "the stream to end", stats -> stats.connections() == 0);

        HttpResponse<String> batch = get(server.get(), "/count/3?transport=poll&cursor=" + start);
        HttpResponse<String> again = get(server.get(), "/count/3?transport=poll&cursor=" + start);

        String session = epochOf(start);
        assertThat(start).isEqualTo(session + ":0");
        assertThat(batch.body())
                .isEqualTo("{\"cursor\":\"" + session + ":1\",\"events\":[{\"event\":\"message\",\"data\":1},"
                        + "{\"event\":\"message\",\"data\":2},{\"event\":\"message\",\"data\":3},"
                        + "{\"event\":\"end\",\"data\":{}}]}");
        assertThat(again.body()).isEqualTo(batch.body());
    }

    @Test
    void unknownSessionIsResetToANewOne() {
        HttpResponse<String> answer = get(server.get(), "/count/2?transport=poll&cursor=AAAAAAAAAAAAAAAAAAAAAA:4");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).matches("\\{\"reset\":true,\"cursor\":\"[A-Za-z0-9_-]{22}:0\"}");
        try (PollRecorder loop = server.get().poll("/count/2?transport=poll", cursorOf(answer))) {
            assertThat(loop.next(3)).extracting(PollEvent::data).containsExactly("1", "2", "{}");
        }
    }

    @Test
    void sessionBelongsToTheClientThatOpenedIt() throws Exception {
        String cursor =
                cursorOf(PollRequests.send(server.get(), PollRequests.browser(server.get()), "/count/2?transport=poll")
                        .get(10, TimeUnit.SECONDS));

        HttpResponse<String> stranger = get(server.get(), "/count/2?transport=poll&cursor=" + cursor);

        assertThat(stranger.body()).startsWith("{\"reset\":true,").doesNotContain(epochOf(cursor));
    }

    @Test
    void sessionWhoseClientStopsPollingExpires() throws Exception {
        HttpResponse<String> first = get(server.get(), "/forgotten?transport=poll");
        assertThat(first.statusCode()).isEqualTo(200);

        assertThat(Streams.CLOSED.await(10, TimeUnit.SECONDS))
                .as("the sink was closed")
                .isTrue();
        Await.stats(server.get(), "the session to expire", stats -> stats.connections() == 0);
        assertThat(get(server.get(), "/forgotten?transport=poll&cursor=" + cursorOf(first))
                        .body())
                .startsWith("{\"reset\":true,");
    }
}
