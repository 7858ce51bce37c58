package io.realtime.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.Duplex;
import io.realtime.runtime.RealtimeConfig;
import io.realtime.testing.Await;
import io.realtime.testing.WebSocketRecorder;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The handshake's origin rule and the inbound size limit, which must not depend on the container. */
class WebSocketHandshakeTest {

    static final int LIMIT = 100_000; // above Jetty's own 64 KiB defaults, to show that ours applies

    public record Note(String text) {}

    public static class Notes {
        @Duplex("/notes")
        public int note(Note note) {
            return note.text().length();
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
    static final RealtimeServerExtension server = RealtimeServerExtension.of(RealtimeServer.builder()
            .config(RealtimeConfig.builder()
                    .allowedOrigins(Set.of("https://app.example"))
                    .maxMessageSize(LIMIT)
                    .build())
            .services(Notes.class, Uploads.class));

    @Test
    void aForeignOriginIsRefusedWith403BeforeTheUpgrade() {
        assertThat(server.get().webSocketHandshake("/notes", Map.of("Origin", "https://evil.example")))
                .isEqualTo(403);
        assertThat(server.get().webSocketHandshake("/notes", Map.of("Origin", "null")))
                .isEqualTo(403);
        assertThat(server.get().webSocketHandshake("/notes", Map.of("Origin", "http://127.0.0.1:1")))
                .as("same host, other port")
                .isEqualTo(403);
        assertThat(server.get().stats().connections()).isZero();
    }

    @Test
    void theSameOriginAnAllowlistedOriginAndNonBrowsersAreAccepted() {
        String own = "http://127.0.0.1:" + server.get().uri().getPort();
        assertThat(server.get().webSocketHandshake("/notes", Map.of("Origin", own)))
                .isEqualTo(101);
        assertThat(server.get().webSocketHandshake("/notes", Map.of("Origin", "https://app.example")))
                .isEqualTo(101);
        assertThat(server.get().webSocketHandshake("/notes", Map.of())).isEqualTo(101);
    }

    @Test
    void aMessageAtTheLimitIsHandled() {
        try (WebSocketRecorder ws = server.get().webSocket("/notes")) {
            ws.send(note(LIMIT));
            assertThat(ws.next()).isEqualTo("{\"ref\":1,\"data\":" + (LIMIT - note(0).length()) + "}");
        }
    }

    @Test
    void aLargerMessageClosesWith1009() {
        try (WebSocketRecorder ws = server.get().webSocket("/notes")) {
            ws.send(note(LIMIT + 1));
            assertThat(ws.awaitClose(Duration.ofSeconds(10)).code()).isEqualTo(1009);
        }
    }

    @Test
    void theLimitCountsUtf8BytesNotCharacters() {
        try (WebSocketRecorder ws = server.get().webSocket("/notes")) {
            String text = "é".repeat(LIMIT / 2); // fewer characters than the limit, twice as many bytes
            ws.send("{\"ref\":1,\"data\":{\"text\":\"" + text + "\"}}");
            assertThat(ws.awaitClose(Duration.ofSeconds(10)).code()).isEqualTo(1009);
        }
    }

    @Test
    void fragmentsCountAsOneMessage() {
        try (WebSocketRecorder ws = server.get().webSocket("/notes")) {
            ws.sendPart("{\"ref\":1,\"data\":{\"text\":\"" + "a".repeat(LIMIT / 2), false);
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
    void aBinaryFrameToATextEndpointClosesWith1003() {
        try (WebSocketRecorder ws = server.get().webSocket("/notes")) {
            ws.sendBinary(new byte[] {1, 2, 3});
            assertThat(ws.awaitClose(Duration.ofSeconds(10)).code()).isEqualTo(1003);
        }
    }

    /** An envelope of exactly {@code bytes} bytes, ASCII only. */
    private static String note(int bytes) {
        String empty = "{\"ref\":1,\"data\":{\"text\":\"\"}}";
        if (bytes == 0) {
            return empty;
        }
        return "{\"ref\":1,\"data\":{\"text\":\"" + "a".repeat(bytes - empty.length()) + "\"}}";
    }
}
