package io.realtime.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.Connection;
import io.realtime.Duplex;
import io.realtime.RealtimeSession;
import io.realtime.Stream;
import io.realtime.Topic;
import io.realtime.Topics;
import io.realtime.testing.Await;
import io.realtime.testing.ContainerServer;
import io.realtime.testing.ServerExtension;
import io.realtime.testing.SseEvent;
import io.realtime.testing.SseRecorder;
import io.realtime.testing.Visitor;
import io.realtime.testing.WebSocketRecorder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A browser's "duplicate tab" copies {@code sessionStorage}, so two tabs hold one token: for the server they are one
 * tab, and their connections live side by side. Neither closes the other, so neither client is sent into a
 * reconnect loop.
 */
class DuplicatedTabConformanceTest {

    public static class Room {
        private final Topics topics;

        public Room(Topics topics) {
            this.topics = topics;
        }

        @Duplex("/room")
        public Topic<String> join(Connection<String> connection) {
            return topics.get("room");
        }

        @Duplex("/room")
        public String say(Line line, RealtimeSession session) {
            Object said = session.attributes().merge("said", 1, (a, b) -> (Integer) a + (Integer) b);
            topics.get("room").publish(line.text());
            return session.id() + " said " + said;
        }

        @Stream("/room/stream")
        public Topic<String> stream() {
            return topics.get("room");
        }
    }

    public record Line(String text) {}

    @RegisterExtension
    static final ServerExtension<ContainerServer> server =
            ServerExtension.of(ContainerServer.builder().services(Room.class));

    @Test
    void twoTabsWithOneTokenBothKeepWorkingAndShareTheTab() {
        Visitor visitor = server.get().visitor().startSession();
        Visitor.Tab original = visitor.tab().negotiate("/room");
        Visitor.Tab copy = original.duplicate();
        try (WebSocketRecorder first = original.webSocket("/room?lastEventId=");
                SseRecorder firstStream = original.sse("/room/stream");
                WebSocketRecorder second = copy.webSocket("/room?lastEventId=");
                SseRecorder secondStream = copy.sse("/room/stream")) {
            Await.stats(server.get(), "four followers", stats -> stats.subscriptions() == 4);
            first.send("{\"ref\":1,\"data\":{\"text\":\"from the original\"}}");
            second.send("{\"ref\":1,\"data\":{\"text\":\"from the copy\"}}");

            List<String> frames = new ArrayList<>(first.next(3));
            frames.addAll(second.next(3));
            assertThat(frames.stream().filter(frame -> frame.startsWith("{\"ref\":1,")))
                    .as("one tab: the same id, and one attribute both connections count in")
                    .containsExactlyInAnyOrder(
                            "{\"ref\":1,\"data\":\"" + original.id() + " said 1\"}",
                            "{\"ref\":1,\"data\":\"" + original.id() + " said 2\"}");
            assertThat(frames.stream().filter(frame -> frame.contains("\"event\":\"message\"")))
                    .hasSize(4);
            for (SseRecorder stream : List.of(firstStream, secondStream)) {
                assertThat(stream.next(2))
                        .extracting(SseEvent::data)
                        .containsExactlyInAnyOrder("\"from the original\"", "\"from the copy\"");
            }
            first.assertNoMoreFrames(Duration.ofMillis(200));
            second.assertNoMoreFrames(Duration.ofMillis(200));
            assertThat(first.isOpen()).as("neither closes the other").isTrue();
            assertThat(second.isOpen()).isTrue();
            assertThat(firstStream.ended()).isFalse();
            assertThat(secondStream.ended()).isFalse();
        }
    }
}
