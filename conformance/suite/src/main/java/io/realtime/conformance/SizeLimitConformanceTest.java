package io.realtime.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.Duplex;
import io.realtime.testing.Await;
import io.realtime.testing.ContainerServer;
import io.realtime.testing.ServerExtension;
import io.realtime.testing.WebSocketRecorder;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The message size limit (65,536 bytes by default) is the runtime's, the same on every container: Tomcat's own
 * WebSocket buffers are 8 KiB and Jetty's limits 64 KiB, and neither decides here.
 */
class SizeLimitConformanceTest {

    static final int LIMIT = 65_536;

    public record Note(String text) {}

    public static class Notes {
        @Duplex("/notes")
        public Note note(Note note) {
            return note; // the reply is as large as the message
        }
    }

    public static class Uploads {
        static final CopyOnWriteArrayList<Integer> sizes = new CopyOnWriteArrayList<>();

        @Duplex("/uploads")
        public void upload(byte[] bytes) {
            sizes.add(bytes.length);
        }
    }

    @RegisterExtension
    static final ServerExtension<ContainerServer> server =
            ServerExtension.of(ContainerServer.builder().services(Notes.class, Uploads.class));

    @Test
    void aMessageAtTheLimitIsHandledAndItsReplyArrivesWhole() {
        try (WebSocketRecorder ws = server.get().webSocket("/notes")) {
            String message = note(LIMIT);
            ws.send(message);
            assertThat(ws.next()).isEqualTo(message);
        }
    }

    @Test
    void aLargerMessageClosesWith1009() {
        try (WebSocketRecorder ws = server.get().webSocket("/notes")) {
            ws.send(note(LIMIT + 1));
            assertThat(ws.awaitClose(Duration.ofSeconds(10)))
                    .isEqualTo(new WebSocketRecorder.Close(1009, "message too big"));
        }
    }

    @Test
    void theLimitCountsUtf8Bytes() {
        try (WebSocketRecorder ws = server.get().webSocket("/notes")) {
            String within = "{\"ref\":1,\"data\":{\"text\":\"" + "é".repeat(30_000) + "\"}}"; // 60,027 bytes
            ws.send(within);
            assertThat(ws.next()).isEqualTo(within);
            ws.send("{\"ref\":2,\"data\":{\"text\":\"" + "é".repeat(LIMIT / 2) + "\"}}"); // fewer characters
            assertThat(ws.awaitClose(Duration.ofSeconds(10)).code()).isEqualTo(1009);
        }
    }

    @Test
    void fragmentsCountAsOneMessage() {
        try (WebSocketRecorder ws = server.get().webSocket("/notes")) {
            String[] parts = {
                "{\"ref\":1,\"data\":{\"text\":\"" + "a".repeat(20_000), "b".repeat(20_000), "c".repeat(20_000) + "\"}}"
            };
            ws.sendPart(parts[0], false);
            ws.sendPart(parts[1], false);
            ws.sendPart(parts[2], true);
            assertThat(ws.next()).isEqualTo(String.join("", parts));
            ws.sendPart("{\"ref\":2,\"data\":{\"text\":\"" + "a".repeat(LIMIT / 2), false);
            ws.sendPart("b".repeat(LIMIT / 2) + "\"}}", true);
            assertThat(ws.awaitClose(Duration.ofSeconds(10)).code()).isEqualTo(1009);
        }
    }

    @Test
    void binaryMessagesHaveTheSameLimit() {
        try (WebSocketRecorder ws = server.get().webSocket("/uploads")) {
            ws.sendBinary(new byte[LIMIT]);
            Await.until("the upload at the limit is handled", () -> Uploads.sizes.contains(LIMIT));
            ws.sendBinary(new byte[LIMIT + 1]);
            assertThat(ws.awaitClose(Duration.ofSeconds(10)).code()).isEqualTo(1009);
        }
        assertThat(Uploads.sizes).doesNotContain(LIMIT + 1);
    }

    @Test
    void aPostedMessageOverTheLimitIsA413() {
        HttpResponse<String> tooLarge = Http.post(
                server.get(), "/notes", note(LIMIT + 1), "Content-Type", "application/json", "Realtime-Uplink", "1");
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(tooLarge.body()).contains("\"code\":\"too_large\"");
        HttpResponse<String> within = Http.post(
                server.get(), "/notes", note(LIMIT), "Content-Type", "application/json", "Realtime-Uplink", "1");
        assertThat(within.statusCode()).isEqualTo(200);
        assertThat(within.body()).isEqualTo(note(LIMIT));
    }

    /** An envelope of exactly {@code bytes} bytes, ASCII only; the reply to it is the same bytes. */
    static String note(int bytes) {
        String empty = "{\"ref\":1,\"data\":{\"text\":\"\"}}";
        return "{\"ref\":1,\"data\":{\"text\":\"" + "a".repeat(bytes - empty.length()) + "\"}}";
    }
}
