package io.realtime.jetty;

import static io.realtime.jetty.PollRequests.cursorOf;
import static io.realtime.jetty.PollRequests.get;
import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.Connection;
import io.realtime.Duplex;
import io.realtime.PathParam;
import io.realtime.Push;
import io.realtime.Stream;
import io.realtime.Topic;
import io.realtime.Topics;
import io.realtime.runtime.RealtimeConfig;
import io.realtime.testing.Await;
import io.realtime.testing.SseEvent;
import io.realtime.testing.SseRecorder;
import io.realtime.testing.WebSocketRecorder;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 17: a quiet topic that the server evicted between two visits of a client comes back with the epoch and
 * head that client knows, so a client that has seen everything is not reset, on every transport; one that missed
 * events which left with the topic still is.
 */
class QuietTopicResumeTest {

    public static class Feeds {
        private final Topics topics;

        public Feeds(Topics topics) {
            this.topics = topics;
        }

        @Push("/poll/{name}")
        public Topic<Integer> poll(@PathParam("name") String name) {
            return topics.get(name);
        }

        @Stream("/stream/{name}")
        public Topic<Integer> stream(@PathParam("name") String name) {
            return topics.get(name);
        }

        @Duplex("/socket/{name}")
        public Topic<Integer> socket(Connection<Integer> connection, @PathParam("name") String name) {
            return topics.get(name);
        }
    }

    /**
     * Events expire after 300 ms, so that idle topics are evicted within a second; heartbeats every 200 ms, so that a
     * stream whose client left is noticed as soon.
     */
    @RegisterExtension
    static final RealtimeServerExtension server = RealtimeServerExtension.of(RealtimeServer.builder()
            .services(Feeds.class)
            .config(RealtimeConfig.builder()
                    .historyMaxAge(Duration.ofMillis(300))
                    .heartbeat(Duration.ofMillis(200))
                    .build()));

    @Test
    void aPollAtTheHeadOfAnEvictedTopicThatNeverHadEventsIsHeldNotReset() {
        String head = cursorOf(get(server.get(), "/poll/never"));
        awaitEvicted();
        HttpResponse<String> again = get(server.get(), "/poll/never?timeout=0.3&cursor=" + head);
        assertThat(again.statusCode())
                .as("held, then nothing: %s", again.body())
                .isEqualTo(204);
    }

    @Test
    void aPollAtTheHeadOfAnEvictedTopicWhoseEventsExpiredGetsTheNextEvent() {
        server.get().topics().get("expired").publish(1);
        String head = cursorOf(get(server.get(), "/poll/expired"));
        awaitEvicted();
        String next = server.get().topics().get("expired").publish(2);
        assertThat(get(server.get(), "/poll/expired?timeout=5&cursor=" + head).body())
                .isEqualTo("{\"cursor\":\"" + next + "\",\"events\":[{\"id\":\"" + next
                        + "\",\"event\":\"message\",\"data\":2}]}");
    }

    @Test
    void aStreamAndASocketAtTheHeadOfAnEvictedTopicResumeWithoutReset() {
        String head;
        try (SseRecorder sse = server.get().sse("/stream/quiet")) {
            Await.until("where the stream starts", () -> !sse.lastEventId().isEmpty());
            head = sse.lastEventId();
        }
        awaitEvicted();
        try (SseRecorder sse = server.get().sse("/stream/quiet", head);
                WebSocketRecorder ws = server.get().webSocket("/socket/quiet?lastEventId=" + head)) {
            assertThat(ws.nextStart()).isEqualTo(head);
            Await.stats(server.get(), "both subscribed", stats -> stats.subscriptions() == 2);
            String next = server.get().topics().get("quiet").publish(7);
            assertThat(sse.next()).isEqualTo(new SseEvent(next, "message", "7"));
            assertThat(ws.next()).isEqualTo("{\"id\":\"" + next + "\",\"event\":\"message\",\"data\":7}");
        }
    }

    @Test
    void aClientThatMissedEventsWhichLeftWithTheTopicIsStillReset() {
        Topic<Integer> topic = server.get().topics().get("lost");
        String behind = topic.publish(1);
        String head = topic.publish(2);
        awaitEvicted();
        assertThat(get(server.get(), "/poll/lost?timeout=5&cursor=" + behind).body())
                .isEqualTo("{\"reset\":true,\"cursor\":\"" + head + "\"}");
    }

    private static void awaitEvicted() {
        Await.stats(server.get(), "every quiet topic evicted", stats -> stats.topics() == 0);
    }
}
