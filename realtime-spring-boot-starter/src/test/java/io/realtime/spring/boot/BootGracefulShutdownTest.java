package io.realtime.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.spring.boot.app.DemoApplication;
import io.realtime.testing.Cursors;
import io.realtime.testing.SseRecorder;
import io.realtime.testing.Visitor;
import io.realtime.testing.WebSocketRecorder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code server.shutdown=graceful}: Boot waits for the requests in progress before it stops the server, and a
 * stream or a held poll is one until the runtime says goodbye. The starter stops the runtime first, so every
 * client hears it (WebSocket {@code 1001}, a final {@code reconnect} event, the poll answered {@code 204}) and
 * the shutdown ends without waiting out its timeout (60 s here).
 */
@Tag("server")
class BootGracefulShutdownTest {

    @Test
    void aGracefulShutdownSaysGoodbyeOnEveryTransportAndDoesNotWaitForThem() throws Exception {
        BootServer server = BootServer.start(
                DemoApplication.class, "server.shutdown=graceful", "spring.lifecycle.timeout-per-shutdown-phase=60s");
        CompletableFuture<Void> closing = null;
        Visitor visitor = server.visitor();
        Visitor.Tab tab = visitor.tab().negotiate("/chat/lobby");
        try (SseRecorder sse = tab.sse("/prices/QUIET");
                WebSocketRecorder socket = tab.webSocket("/chat/lobby")) {
            String cursor = Cursors.of(tab.get("/quotes/QUIET").body());
            CompletableFuture<HttpResponse<String>> poll = visitor.client()
                    .sendAsync(
                            HttpRequest.newBuilder(server.uri("/quotes/QUIET?cursor=" + cursor))
                                    .header("Accept", "application/json")
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            server.awaitStats(
                    "a stream, a WebSocket and a held poll",
                    stats -> stats.connections() >= 2 && stats.waitingPolls() == 1);

            closing = CompletableFuture.runAsync(server::close);

            assertThat(socket.awaitClose(Duration.ofSeconds(20)))
                    .isEqualTo(new WebSocketRecorder.Close(1001, "server shutting down; reconnect"));
            assertThat(sse.next(Duration.ofSeconds(20)).event()).isEqualTo("reconnect");
            sse.awaitEnd(Duration.ofSeconds(20));
            HttpResponse<String> answer = poll.get(20, TimeUnit.SECONDS);
            assertThat(answer.statusCode()).isEqualTo(204);
            assertThat(answer.headers().firstValue("Retry-After")).hasValue("1");
            closing.get(30, TimeUnit.SECONDS); // well within the 60 s Boot would wait for open requests
        } finally {
            if (closing == null) {
                server.close();
            }
        }
    }
}
