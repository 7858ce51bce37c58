package io.realtime.jetty;

import static io.realtime.jetty.PollRequests.cursorOf;
import static io.realtime.jetty.PollRequests.epochOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.Event;
import io.realtime.PathParam;
import io.realtime.Push;
import io.realtime.Stream;
import io.realtime.Topic;
import io.realtime.Topics;
import io.realtime.jetty.RawHttp.Exchange;
import io.realtime.runtime.RealtimeConfig;
import io.realtime.testing.Await;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The long-poll examples of docs/protocol.md, exchanged with a real server: requests are sent as written (with
 * {@code Host} and {@code Connection: close} added), bodies compared byte for byte, and responses compared by
 * status line, the headers shown and body. The server's random epochs and session ids are replaced by the
 * examples' before comparing.
 */
class LongPollProtocolExamplesTest {

    private static final String EPOCH = ProtocolExamples.EPOCH;
    private static final String SESSION = "l9Hq2vXo0oE3rS3u1mHqDw";

    public record Note(String text) {}

    public record Job(int id, String state) {}

    public record Unread(int unread) {}

    public record Progress(int percent) {}

    public static class Examples {
        private final Topics topics;

        public Examples(Topics topics) {
            this.topics = topics;
        }

        @Push("/notifications")
        public Topic<Note> notifications() {
            return topics.get("notifications");
        }

        @Push("/history/{name}")
        public Topic<Integer> history(@PathParam("name") String name) {
            return topics.get("history:" + name);
        }

        @Push("/jobs/{id}")
        public CompletableFuture<Job> job(@PathParam("id") int id) {
            return CompletableFuture.completedFuture(new Job(id, "done"));
        }

        @Push("/unread")
        public Unread unread() {
            return new Unread(3);
        }

        @Stream("/jobs/{id}/progress")
        public List<Event<Progress>> progress(@PathParam("id") int id) {
            return List.of(Event.of("progress", new Progress(50)));
        }
    }

    @RegisterExtension
    static final RealtimeServerExtension server = RealtimeServerExtension.of(RealtimeServer.builder()
            .services(Examples.class)
            .config(RealtimeConfig.builder().historyMaxEvents(2000).build()));

    @Test
    void pollStartThenRequestThenEvents() {
        Topic<Note> topic = server.get().topics().get("notifications");
        for (int i = 1; i <= 41; i++) {
            topic.publish(new Note("earlier"));
        }
        Exchange start = exchange("GET /notifications HTTP/1.1\nAccept: application/json\n");
        String epoch = epochOf(cursorOf(start.body()));
        topic.publish(new Note("hi"));
        topic.publish(new Note("again"));

        Exchange events = exchange(example("poll-request").replace(EPOCH, epoch));

        assertThat(start.body().replace(epoch, EPOCH)).isEqualTo(json("poll-start"));
        assertThat(events.body().replace(epoch, EPOCH)).isEqualTo(json("poll-events"));
    }

    @Test
    void noContent() {
        String cursor = cursorOf(exchange("GET /history/quiet HTTP/1.1\n").body());

        Exchange answer = exchange("GET /history/quiet?timeout=0&cursor=" + cursor + " HTTP/1.1\n");

        assertResponse(answer, "poll-no-content");
    }

    @Test
    void reset() {
        Topic<Integer> topic = server.get().topics().get("history:long");
        String last = null;
        for (int i = 1; i <= 1043; i++) {
            last = topic.publish(i);
        }

        Exchange answer = exchange("GET /history/long?cursor=" + EPOCH + ":7 HTTP/1.1\n");

        assertThat(answer.body().replace(epochOf(last), EPOCH)).isEqualTo(json("poll-reset"));
    }

    @Test
    void sessionStartThenEvents() {
        Exchange start = exchange("GET /jobs/42/progress?transport=poll HTTP/1.1\n");
        String session = epochOf(cursorOf(start.body()));
        // The list is written out and the session ends on its own; then one poll takes all of it.
        Await.stats(server.get(), "the stream to end", stats -> stats.connections() == 0);

        Exchange events = exchange("GET /jobs/42/progress?transport=poll&cursor=" + session + ":0 HTTP/1.1\n");

        assertThat(start.body().replace(session, SESSION)).isEqualTo(json("poll-session-start"));
        assertThat(events.body().replace(session, SESSION)).isEqualTo(json("poll-session-events"));
    }

    @Test
    void stage() {
        assertThat(exchange("GET /jobs/42 HTTP/1.1\n").body()).isEqualTo(json("poll-stage"));
    }

    @Test
    void valueThenRevalidation() {
        assertResponse(exchange("GET /unread HTTP/1.1\nAccept: application/json\n"), "poll-value");
        assertResponse(exchange(example("poll-revalidate")), "poll-not-modified");
    }

    @Test
    void tooManyThenShutdown() throws Exception {
        try (RealtimeServer small = RealtimeServer.builder()
                .services(Examples.class)
                .config(RealtimeConfig.builder().maxPollsPerAddress(1).build())
                .start()) {
            String poll = "GET /history/limits?cursor=" + cursorOf(PollRequests.get(small, "/history/limits"))
                    + " HTTP/1.1\n";
            CompletableFuture<Exchange> held = CompletableFuture.supplyAsync(() -> exchange(small, poll));
            PollRequests.awaitWaiting(small, 1);

            assertResponse(exchange(small, poll), "poll-too-many");

            small.stopApplication();
            assertResponse(held.get(10, TimeUnit.SECONDS), "poll-shutdown");
        }
    }

    private static Exchange exchange(String request) {
        return exchange(server.get(), request);
    }

    private static Exchange exchange(RealtimeServer on, String request) {
        return RawHttp.exchange(on, request);
    }

    private static void assertResponse(Exchange actual, String name) {
        RawHttp.assertResponse(actual, name);
    }

    private static String json(String name) {
        return example(name).strip();
    }

    private static String example(String name) {
        return ProtocolExamples.get(name);
    }
}
