package io.realtime.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.Connection;
import io.realtime.Duplex;
import io.realtime.PathParam;
import io.realtime.Push;
import io.realtime.Stream;
import io.realtime.Topic;
import io.realtime.Topics;
import io.realtime.testing.Await;
import io.realtime.testing.ContainerServer;
import io.realtime.testing.ServerExtension;
import io.realtime.testing.SseEvent;
import io.realtime.testing.SseRecorder;
import io.realtime.testing.WebSocketRecorder;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A cursor from the first bytes: every new stream, subscription and poll answer tells the client where it starts,
 * so that a client dropped after the open and before the first event resumes and receives every event published
 * since; and an empty cursor means no cursor, on every transport.
 */
class FirstCursorConformanceTest {

    public record Note(String text) {}

    public static class Feeds {
        private final Topics topics;

        public Feeds(Topics topics) {
            this.topics = topics;
        }

        @Stream("/stream/{name}")
        public Topic<Note> stream(@PathParam("name") String name) {
            return topics.get(name);
        }

        @Push("/poll/{name}")
        public Topic<Note> poll(@PathParam("name") String name) {
            return topics.get(name);
        }

        @Duplex("/socket/{name}")
        public Topic<Note> socket(Connection<Note> connection, @PathParam("name") String name) {
            return topics.get(name);
        }
    }

    @RegisterExtension
    static final ServerExtension<ContainerServer> server =
            ServerExtension.of(ContainerServer.builder().services(Feeds.class));

    private static final Duration QUIET = Duration.ofMillis(200);

    @Test
    void aStreamDroppedBeforeItsFirstEventMissesNothing() {
        publish("sse", "before"); // before the stream opened: not for it
        String start;
        try (SseRecorder sse = server.get().sse("/stream/sse")) {
            Await.until("where the stream starts", () -> !sse.lastEventId().isEmpty(), sse::lastEventId);
            start = sse.lastEventId();
        }
        List<String> missed = List.of(publish("sse", "one"), publish("sse", "two"));
        try (SseRecorder sse = server.get().sse("/stream/sse", start)) {
            assertThat(sse.next(2)).extracting(SseEvent::id).containsExactlyElementsOf(missed);
            sse.assertNoMoreEvents(QUIET);
        }
    }

    @Test
    void aSocketDroppedBeforeItsFirstEventMissesNothing() {
        publish("ws", "before");
        String start;
        try (WebSocketRecorder ws = server.get().webSocket("/socket/ws?lastEventId=")) {
            start = ws.nextStart();
        }
        List<String> missed = List.of(publish("ws", "one"), publish("ws", "two"));
        try (WebSocketRecorder ws = server.get().webSocket("/socket/ws?lastEventId=" + start)) {
            assertThat(ws.nextStart()).isEqualTo(start);
            assertThat(ws.next(2))
                    .containsExactly(
                            "{\"id\":\"" + missed.get(0) + "\",\"event\":\"message\",\"data\":{\"text\":\"one\"}}",
                            "{\"id\":\"" + missed.get(1) + "\",\"event\":\"message\",\"data\":{\"text\":\"two\"}}");
            ws.assertNoMoreFrames(QUIET);
        }
    }

    @Test
    void aPollerWhoseFirstAnswerHadNoEventsMissesNothing() {
        String head = publish("lp", "before");
        HttpResponse<String> first = Http.get(server.get(), "/poll/lp");
        assertThat(first.body()).isEqualTo("{\"cursor\":\"" + head + "\",\"events\":[]}");
        String one = publish("lp", "one");
        HttpResponse<String> next = Http.get(server.get(), "/poll/lp?timeout=5&cursor=" + head);
        assertThat(next.body())
                .isEqualTo("{\"cursor\":\"" + one + "\",\"events\":[{\"id\":\"" + one
                        + "\",\"event\":\"message\",\"data\":{\"text\":\"one\"}}]}");
    }

    @Test
    void anEmptyCursorIsNoCursorOnEveryTransport() {
        String head = publish("empty", "before");
        try (SseRecorder sse = server.get().sse("/stream/empty?lastEventId=")) {
            Await.until("where the stream starts", () -> head.equals(sse.lastEventId()), sse::lastEventId);
        }
        try (WebSocketRecorder ws = server.get().webSocket("/socket/empty?lastEventId=")) {
            assertThat(ws.nextStart()).isEqualTo(head);
        }
        assertThat(Http.get(server.get(), "/poll/empty?timeout=5&cursor=").body())
                .isEqualTo("{\"cursor\":\"" + head + "\",\"events\":[]}");
    }

    private static String publish(String topic, String text) {
        return server.get().topics().get(topic).publish(new Note(text));
    }
}
