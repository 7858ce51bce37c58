package io.realtime.jetty;

import static io.realtime.jetty.PollRequests.cursorOf;
import static io.realtime.jetty.PollRequests.epochOf;
import static io.realtime.jetty.PollRequests.get;
import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.PathParam;
import io.realtime.Push;
import io.realtime.Stream;
import io.realtime.Topic;
import io.realtime.Topics;
import io.realtime.runtime.RealtimeConfig;
import io.realtime.testing.Await;
import io.realtime.testing.SseRecorder;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every cursor that cannot be honoured gets {@code {"reset":true,"cursor":<head>}} at once, never a 500. */
class PollCursorResetTest {

    public static class Board {
        private final Topics topics;

        public Board(Topics topics) {
            this.topics = topics;
        }

        @Push("/board/{name}")
        public Topic<Integer> board(@PathParam("name") String name) {
            return topics.get("board:" + name);
        }

        @Stream("/board-stream/{name}")
        public Topic<Integer> stream(@PathParam("name") String name) {
            return topics.get("board:" + name);
        }
    }

    @RegisterExtension
    static final RealtimeServerExtension server = RealtimeServerExtension.of(RealtimeServer.builder()
            .services(Board.class)
            .config(RealtimeConfig.builder().historyMaxEvents(5).build()));

    @RegisterExtension
    static final RealtimeServerExtension aging = RealtimeServerExtension.of(RealtimeServer.builder()
            .services(Board.class)
            .config(RealtimeConfig.builder()
                    .historyMaxAge(Duration.ofMillis(300))
                    .build()));

    @Test
    void malformedCursorsAreReset() {
        String head = publish(server.get(), "a", 3);
        String epoch = epochOf(head);
        for (String bad : List.of(
                "garbage",
                ":",
                epoch + ":",
                ":3",
                epoch + ":-1",
                epoch + ":1x",
                epoch + ":99999999999999999999",
                "bad epoch!:1",
                "x".repeat(65) + ":1",
                epoch + ":1:2")) {
            assertReset(server.get(), "/board/a", bad, head);
        }
    }

    @Test
    void anEmptyCursorIsNoCursor() {
        String head = publish(server.get(), "empty", 2);

        HttpResponse<String> answer = get(server.get(), "/board/empty?timeout=5&cursor=");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("{\"cursor\":\"" + head + "\",\"events\":[]}");
    }

    @Test
    void cursorOfAnotherEpochIsReset() {
        String head = publish(server.get(), "b", 2);

        assertReset(server.get(), "/board/b", "Q2hhbmdl:1", head);
    }

    @Test
    void cursorBeyondTheHeadIsReset() {
        String head = publish(server.get(), "c", 2);

        assertReset(server.get(), "/board/c", epochOf(head) + ":3", head);
    }

    @Test
    void cursorOlderThanTheRetainedCountIsReset() {
        String head = publish(server.get(), "d", 10);

        assertReset(server.get(), "/board/d", epochOf(head) + ":2", head);
        HttpResponse<String> kept = get(server.get(), "/board/d?cursor=" + epochOf(head) + ":5");
        assertThat(kept.body()).as("the oldest retained cursor still resumes").contains("\"events\":[{");
    }

    @Test
    void cursorOlderThanTheRetainedAgeIsReset() {
        // An SSE follower keeps the topic alive, so the reset below is the age rule, not a new epoch.
        try (SseRecorder follower = aging.get().sse("/board-stream/e")) {
            assertThat(follower.status()).isEqualTo(200);
            Topic<Integer> topic = aging.get().topics().get("board:e");
            String first = topic.publish(1);
            String head = topic.publish(2);
            String cursor = epochOf(first) + ":0";
            Await.until(
                    "the history to age out",
                    () -> get(aging.get(), "/board/e?timeout=0&cursor=" + cursor)
                            .body()
                            .startsWith("{\"reset\""));

            assertReset(aging.get(), "/board/e", cursor, head);
            assertThat(follower.next(2)).hasSize(2);
        }
    }

    @Test
    void streamEndpointsResetTheSameWay() {
        String head = publish(server.get(), "f", 1);

        HttpResponse<String> answer = get(server.get(), "/board-stream/f?transport=poll&cursor=nonsense");

        assertThat(answer.body()).isEqualTo("{\"reset\":true,\"cursor\":\"" + head + "\"}");
    }

    private static String publish(RealtimeServer on, String name, int count) {
        Topic<Integer> topic = on.topics().get("board:" + name);
        String last = null;
        for (int i = 1; i <= count; i++) {
            last = topic.publish(i);
        }
        return last;
    }

    private static void assertReset(RealtimeServer on, String path, String cursor, String head) {
        HttpResponse<String> answer =
                get(on, path + "?timeout=5&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));

        assertThat(answer.statusCode()).as(cursor).isEqualTo(200);
        assertThat(answer.body()).as(cursor).isEqualTo("{\"reset\":true,\"cursor\":\"" + head + "\"}");
        assertThat(answer.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(cursorOf(answer)).isEqualTo(head);
    }
}
