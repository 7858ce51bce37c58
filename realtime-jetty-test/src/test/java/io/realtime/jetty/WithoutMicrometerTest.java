package io.realtime.jetty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.realtime.Stream;
import io.realtime.Topic;
import io.realtime.Topics;
import io.realtime.testing.Await;
import io.realtime.testing.SseRecorder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Micrometer is an optional dependency of the runtime (docs/observability.md): this module's class path has none,
 * and the runtime starts, serves and reports its refusals all the same, since nothing but {@code RealtimeMetrics},
 * which the application calls only when it has a registry, refers to it.
 */
class WithoutMicrometerTest {

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
    }

    @RegisterExtension
    static final RealtimeServerExtension server =
            RealtimeServerExtension.of(RealtimeServer.builder().services(Board.class));

    @Test
    void theRuntimeServesWithNoMicrometerOnTheClassPath() throws Exception {
        assertThatThrownBy(() -> Class.forName("io.micrometer.core.instrument.MeterRegistry"))
                .isInstanceOf(ClassNotFoundException.class);

        try (SseRecorder sse = server.get().sse("/board")) {
            Await.stats(server.get(), "a subscriber", stats -> stats.subscriptions() == 1);
            server.get().topics().get("board").publish(new Note("unmetered"));
            assertThat(sse.next().data()).isEqualTo("{\"text\":\"unmetered\"}");
        }
        // A refusal goes through the same seam as with a registry bound, to nothing.
        HttpRequest pigeon = HttpRequest.newBuilder(server.get().uri("/board?transport=pigeon"))
                .build();
        assertThat(server.get()
                        .client()
                        .send(pigeon, HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .isEqualTo(400);
    }
}
