package io.realtime.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.Duplex;
import io.realtime.testing.Await;
import io.realtime.testing.WebSocketRecorder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What a message method may take and return, and what the client sees of each shape. */
class DuplexMessageShapesTest {

    public record Point(int x, int y) {}

    public static class Shapes {
        static final List<Object> received = new CopyOnWriteArrayList<>();
        static volatile CompletableFuture<String> pending = new CompletableFuture<>();

        @Duplex("/raw/text")
        public void text(String text) {
            received.add(text);
        }

        @Duplex("/raw/binary")
        public void binary(byte[] bytes) {
            received.add(bytes.length);
        }

        @Duplex("/void")
        public void move(Point point) {
            received.add(point);
        }

        @Duplex("/later")
        public CompletionStage<String> later(Point point) {
            return point.x() == 0 ? pending : CompletableFuture.completedFuture("now " + point.x());
        }
    }

    @RegisterExtension
    static final RealtimeServerExtension server = RealtimeServerExtension.of(Shapes.class);

    static final Duration QUIET = Duration.ofMillis(300);

    @Test
    void aStringMethodReceivesEachTextFrameAsIs() throws Exception {
        assertThat(negotiate("/raw/text")).endsWith("\"messages\":\"text\",\"replies\":false}");
        try (WebSocketRecorder ws = server.get().webSocket("/raw/text")) {
            ws.send("plain words, not JSON");
            ws.send("{\"ref\":1,\"data\":\"looks like an envelope\"}");
            Await.until(
                    "both frames handled as they are",
                    () -> Shapes.received.containsAll(
                            List.of("plain words, not JSON", "{\"ref\":1,\"data\":\"looks like an envelope\"}")));
            ws.assertNoMoreFrames(QUIET);
        }
    }

    @Test
    void aByteArrayMethodReceivesBinaryFramesAndRefusesText() throws Exception {
        assertThat(negotiate("/raw/binary")).endsWith("\"messages\":\"binary\",\"replies\":false}");
        try (WebSocketRecorder ws = server.get().webSocket("/raw/binary")) {
            ws.sendBinary(new byte[] {1, 2, 3, 4, 5, 6, 7});
            Await.until("the binary frame handled", () -> Shapes.received.contains(7));
            ws.send("{\"ref\":3,\"data\":\"text\"}");
            assertThat(ws.next())
                    .isEqualTo("{\"ref\":3,\"error\":{\"code\":\"bad_message\",\"message\":\"This endpoint accepts"
                            + " binary messages only\"}}");
        }
    }

    @Test
    void aVoidMethodNeverReplies() throws Exception {
        assertThat(negotiate("/void")).endsWith("\"messages\":\"json\",\"replies\":false}");
        try (WebSocketRecorder ws = server.get().webSocket("/void")) {
            ws.send("{\"ref\":1,\"data\":{\"x\":1,\"y\":2}}");
            Await.until("the message handled", () -> Shapes.received.contains(new Point(1, 2)));
            ws.assertNoMoreFrames(QUIET);
            ws.send("{\"ref\":2,\"data\":{\"x\":\"left\"}}");
            assertThat(ws.next()).startsWith("{\"ref\":2,\"error\":{\"code\":\"bad_message\"");
        }
    }

    @Test
    void aCompletionStageRepliesWhenItCompletesAndLaterRepliesMayOvertakeIt() {
        Shapes.pending = new CompletableFuture<>();
        try (WebSocketRecorder ws = server.get().webSocket("/later")) {
            ws.send("{\"ref\":1,\"data\":{\"x\":0,\"y\":0}}");
            ws.send("{\"ref\":2,\"data\":{\"x\":2,\"y\":0}}");
            assertThat(ws.next()).isEqualTo("{\"ref\":2,\"data\":\"now 2\"}");
            ws.assertNoMoreFrames(QUIET);
            Shapes.pending.complete("done at last");
            assertThat(ws.next()).isEqualTo("{\"ref\":1,\"data\":\"done at last\"}");
        }
    }

    @Test
    void aFailedCompletionStageRepliesWithAnError() {
        Shapes.pending = new CompletableFuture<>();
        try (WebSocketRecorder ws = server.get().webSocket("/later")) {
            ws.send("{\"ref\":7,\"data\":{\"x\":0,\"y\":0}}");
            Shapes.pending.completeExceptionally(io.realtime.RealtimeException.notFound("No such point"));
            assertThat(ws.next())
                    .isEqualTo("{\"ref\":7,\"error\":{\"code\":\"not_found\",\"message\":\"No such point\"}}");
        }
    }

    private static String negotiate(String path) {
        return ProtocolExamples.withoutIdentity(
                server.get().visitor().tab().negotiate(path).offer());
    }
}
