package io.realtime.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.Duplex;
import io.realtime.runtime.RealtimeConfig;
import io.realtime.testing.ContainerServer;
import io.realtime.testing.ServerExtension;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A refused {@code POST} message gets its error body every time, on every container, although its client is still
 * sending when the server refuses it (docs/protocol.md, "Upstream"). Were the body left unread, the container would
 * close the connection under it, TCP would reset it, and the reset could destroy the answer before the client read
 * it: on Jetty, the JDK client then fails with "header parser received no bytes" a few times in a hundred.
 */
class RefusedPostConformanceTest {

    static final int LIMIT = SizeLimitConformanceTest.LIMIT;
    static final int ROUNDS = 200;
    static final String TOO_LARGE =
            "{\"error\":{\"code\":\"too_large\",\"message\":\"A message may have at most 65536 bytes\"}}";

    public record Note(String text) {}

    public static class Notes {
        @Duplex("/notes")
        public Note note(Note note) {
            return note;
        }
    }

    @RegisterExtension
    static final ServerExtension<ContainerServer> server = ServerExtension.of(ContainerServer.builder()
            // Hundreds of messages in a row from one address: beyond the uplink pacing, which is
            // UplinkPacingConformanceTest's subject, not this one's.
            .config(RealtimeConfig.builder()
                    .uplinkRate(1_000_000)
                    .uplinkBurst(1_000_000)
                    .build())
            .services(Notes.class));

    @Test
    void aMessageOverTheLimitIsA413EveryTimeOverAFreshConnection() {
        String message = SizeLimitConformanceTest.note(LIMIT + 1);
        List<String> failures = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            HttpClient fresh = client(); // a client of its own: a connection of its own
            expect(failures, round, post(fresh, json(message)), 413, TOO_LARGE);
        }
        assertThat(failures).as("rounds that did not get the 413 body").isEmpty();
    }

    @Test
    void aMessageOverTheLimitIsA413EveryTimeOverAKeptAliveConnection() {
        String within = SizeLimitConformanceTest.note(1_000);
        String over = SizeLimitConformanceTest.note(LIMIT + 1);
        HttpClient client = client();
        List<String> failures = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            // The first message opens (or reuses) a connection that the refused one then follows on.
            expect(failures, round, post(client, json(within)), 200, within);
            expect(failures, round, post(client, json(over)), 413, TOO_LARGE);
        }
        assertThat(failures).as("rounds that did not get both answers").isEmpty();
    }

    @Test
    void aChunkedMessageOverTheLimitIsA413EveryTime() {
        byte[] over = SizeLimitConformanceTest.note(LIMIT + 1).getBytes(StandardCharsets.UTF_8);
        Supplier<HttpRequest.BodyPublisher> chunked =
                () -> HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(over));
        HttpClient client = client();
        List<String> failures = new ArrayList<>();
        for (int round = 0; round < ROUNDS / 2; round++) {
            expect(failures, round, post(client, request("application/json", chunked.get())), 413, TOO_LARGE);
            expect(failures, round, post(client(), request("application/json", chunked.get())), 413, TOO_LARGE);
        }
        assertThat(failures).as("rounds that did not get the 413 body").isEmpty();
    }

    @Test
    void anyRefusalOfAMessageIsAnsweredEveryTime() {
        String message = SizeLimitConformanceTest.note(LIMIT);
        String refused = "{\"error\":{\"code\":\"unsupported_media_type\",\"message\":\"A message to this endpoint"
                + " is application/json\"}}";
        List<String> failures = new ArrayList<>();
        for (int round = 0; round < ROUNDS / 2; round++) {
            HttpRequest.Builder plain = request("text/plain", HttpRequest.BodyPublishers.ofString(message));
            expect(failures, round, post(client(), plain), 415, refused);
        }
        assertThat(failures).as("rounds that did not get the 415 body").isEmpty();
    }

    /**
     * A body declared far larger than the limit is not read to its end: it is answered at once, and the answer
     * says that the connection ends. A client that waits for {@code 100 Continue} receives the answer before it
     * sends any of its body (Tomcat sends {@code 100} before the application sees the request, so the interim
     * answer may come first).
     */
    @Test
    void aBodyFarOverTheLimitIsAnsweredAtOnceAndEndsTheConnection() throws IOException {
        URI uri = server.get().uri("/notes");
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getAuthority()
                            + "\r\nContent-Type: application/json\r\nRealtime-Uplink: 1\r\nExpect: 100-continue"
                            + "\r\nContent-Length: " + (LIMIT + 8 * 1024 * 1024) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String head = head(in);
            while (head.startsWith("HTTP/1.1 100")) {
                head = head(in);
            }
            assertThat(head).startsWith("HTTP/1.1 413");
            assertThat(head.toLowerCase(Locale.ROOT)).contains("\r\nconnection: close\r\n");
            assertThat(new String(in.readNBytes(TOO_LARGE.length()), StandardCharsets.UTF_8))
                    .isEqualTo(TOO_LARGE);
        }
    }

    private static void expect(List<String> failures, int round, Object answer, int status, String body) {
        if (!(answer instanceof HttpResponse<?> response)) {
            failures.add("round " + round + ": " + answer);
        } else if (response.statusCode() != status || !body.equals(response.body())) {
            failures.add("round " + round + ": " + response.statusCode() + " " + response.body());
        }
    }

    /** The response, or what failed instead: a failure is counted, not thrown, so that the test says how often. */
    private static Object post(HttpClient client, HttpRequest.Builder request) {
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static HttpRequest.Builder json(String message) {
        return request("application/json", HttpRequest.BodyPublishers.ofString(message));
    }

    private static HttpRequest.Builder request(String type, HttpRequest.BodyPublisher body) {
        return HttpRequest.newBuilder(server.get().uri("/notes"))
                .header("Content-Type", type)
                .header("Realtime-Uplink", "1")
                .timeout(Duration.ofSeconds(20))
                .POST(body);
    }

    private static HttpClient client() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /** The status line and headers of the next answer, up to the empty line. */
    private static String head(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                throw new AssertionError("The connection ended after " + head);
            }
            head.append((char) c);
        }
        return head.toString();
    }
}
