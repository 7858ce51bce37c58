package io.realtime.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.testing.Await;
import io.realtime.testing.ContainerServer;
import io.realtime.testing.SseRecorder;
import io.realtime.testing.WebSocketRecorder;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Ten redeployments in one JVM, stopping and starting the web application while the server runs, each with
 * clients of every transport connected when it stops: the threads and registrations come back to what one
 * deployment holds, and every client hears its goodbye each time.
 */
class RedeployConformanceTest {

    static final int REDEPLOYS = 10;
    static final Duration PROMPTLY = Duration.ofSeconds(5);

    @Test
    void tenRedeploymentsLeaveNothingBehind() {
        try (ContainerServer server =
                ContainerServer.builder().services(Board.class).start()) {
            exerciseAndStop(server); // the container's pools and caches warm up on the first round
            server.startApplication();
            Footprint start = settled(server);
            assertThat(start.runtimeThreads()).isPositive();
            assertThat(start.webSocketEndpoints())
                    .as("one endpoint per @Duplex path, and one for shared connections at /realtime/mux")
                    .isEqualTo(2);
            for (int i = 0; i < REDEPLOYS; i++) {
                exerciseAndStop(server);
                Await.until(
                        "the runtime's threads to end after stop " + (i + 1),
                        () -> Footprint.runtimeThreadNames().isEmpty(),
                        Footprint::runtimeThreadNames);
                server.startApplication();
            }
            Footprint end = settled(server);
            Await.until(
                    "the footprint of one deployment after " + REDEPLOYS + " redeployments, at most " + start,
                    () -> Footprint.of(server).within(start),
                    () -> Footprint.of(server) + " with threads " + Footprint.serverThreadNames(),
                    Duration.ofSeconds(30));
            assertThat(end.webSocketEndpoints()).isEqualTo(start.webSocketEndpoints());
        }
    }

    /** Connects a client of every transport, checks that each works, then stops with them connected. */
    private static void exerciseAndStop(ContainerServer server) {
        String cursor = Http.cursorOf(Http.get(server, "/inbox").body());
        try (SseRecorder sse = server.sse("/board");
                WebSocketRecorder ws = server.webSocket("/room?lastEventId=")) {
            CompletableFuture<HttpResponse<String>> held = Http.send(server, "/inbox?timeout=20&cursor=" + cursor);
            ws.send("{\"ref\":1,\"data\":{\"text\":\"hi\"}}");
            assertThat(ws.next()).isEqualTo("{\"ref\":1,\"data\":{\"text\":\"hi\"}}");
            server.topics().get("board").publish(new Board.Note("up"));
            assertThat(sse.next().data()).isEqualTo("{\"text\":\"up\"}");
            Await.stats(server, "a waiting poll", stats -> stats.waitingPolls() == 1);
            server.stopApplication();
            assertThat(ws.awaitClose(PROMPTLY).code()).isEqualTo(1001);
            assertThat(sse.next(PROMPTLY).event()).isEqualTo("reconnect");
            sse.awaitEnd(PROMPTLY);
            assertThat(Http.await(held, "the held poll", PROMPTLY).statusCode()).isEqualTo(204);
        }
    }

    /** The footprint once the runtime is idle: no connection left over from the last round. */
    private static Footprint settled(ContainerServer server) {
        Await.stats(server, "an idle runtime", stats -> stats.connections() == 0 && stats.waitingPolls() == 0);
        return Footprint.of(server);
    }
}
