package io.realtime.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.testing.Await;
import io.realtime.testing.ContainerServer;
import io.realtime.testing.PollRecorder;
import io.realtime.testing.ServerExtension;
import io.realtime.testing.SseRecorder;
import io.realtime.testing.Visitor;
import io.realtime.testing.WebSocketRecorder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Graceful drain, seen by the clients, when the application stops while the server keeps running: WebSockets
 * close with {@code 1001} and a reason that says to reconnect, Server-Sent Events streams get a final
 * {@code reconnect} with its {@code retry:} and end, waiting long-polls are answered at once. Clients of a cookie
 * session hear the same goodbye: containers end the application's sessions while it stops (Tomcat and Undertow
 * before they tell its listeners that the context is destroyed), which is no logout.
 */
class DrainConformanceTest {

    static final Duration PROMPTLY = Duration.ofSeconds(5); // the holds below are 20 s

    @RegisterExtension
    static final ServerExtension<ContainerServer> server =
            ServerExtension.of(ContainerServer.builder().users("alice").services(Board.class));

    @AfterEach
    void redeploy() {
        server.get().startApplication();
    }

    @Test
    void aWebSocketClosesWith1001AndIsToldToReconnect() {
        try (WebSocketRecorder ws = server.get().webSocket("/room?lastEventId=")) {
            server.get().stopApplication();
            assertThat(ws.awaitClose(PROMPTLY))
                    .isEqualTo(new WebSocketRecorder.Close(1001, "server shutting down; reconnect"));
        }
    }

    @Test
    void aStreamGetsAFinalReconnectWithItsRetryThenEnds() {
        try (SseRecorder sse = server.get().sse("/board")) {
            String cursor = server.get().topics().get("board").publish(new Board.Note("last"));
            assertThat(sse.next().id()).isEqualTo(cursor);
            server.get().stopApplication();
            assertThat(sse.next(PROMPTLY).event()).isEqualTo("reconnect");
            sse.awaitEnd(PROMPTLY);
            assertThat(sse.retry()).isEqualTo("2000");
            assertThat(new String(sse.raw(), StandardCharsets.UTF_8))
                    .endsWith("data: {\"text\":\"last\"}\n\nretry: 2000\nevent: reconnect\ndata: {}\n\n");
            assertThat(sse.lastEventId()).as("a browser resumes from here").isEqualTo(cursor);
        }
    }

    @Test
    void aWaitingPollIsAnsweredAtOnceWithRetryAfter() {
        String cursor = Http.cursorOf(Http.get(server.get(), "/inbox").body());
        CompletableFuture<HttpResponse<String>> held = Http.send(server.get(), "/inbox?timeout=20&cursor=" + cursor);
        Await.stats(server.get(), "a waiting poll", stats -> stats.waitingPolls() == 1);
        server.get().stopApplication();
        HttpResponse<String> answer = Http.await(held, "the held poll", PROMPTLY);
        assertThat(answer.statusCode()).isEqualTo(204);
        assertThat(answer.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(answer.headers().firstValue("Cache-Control")).hasValue("no-store");
    }

    @Test
    void everyClientOfEveryTransportHearsTheGoodbyeTogether() {
        String cursor = Http.cursorOf(Http.get(server.get(), "/inbox").body());
        try (WebSocketRecorder ws = server.get().webSocket("/room?lastEventId=");
                SseRecorder sse = server.get().sse("/board")) {
            CompletableFuture<HttpResponse<String>> held =
                    Http.send(server.get(), "/inbox?timeout=20&cursor=" + cursor);
            Await.stats(
                    server.get(),
                    "two connections and a waiting poll",
                    stats -> stats.connections() == 2 && stats.waitingPolls() == 1);
            server.get().stopApplication();
            assertThat(ws.awaitClose(PROMPTLY).code()).isEqualTo(1001);
            assertThat(sse.next(PROMPTLY).event()).isEqualTo("reconnect");
            sse.awaitEnd(PROMPTLY);
            assertThat(Http.await(held, "the held poll", PROMPTLY).statusCode()).isEqualTo(204);
        }
    }

    @Test
    void theClientsOfALoggedInSessionAreToldToReconnectNotThatTheSessionEnded() {
        Visitor alice = server.get().visitor().login("alice");
        Visitor.Tab tab = alice.tab().negotiate("/board");
        try (WebSocketRecorder ws = tab.webSocket("/room?lastEventId=");
                SseRecorder sse = tab.sse("/board");
                PollRecorder poll = tab.poll("/inbox?timeout=20")) {
            Await.stats(
                    server.get(),
                    "the session's two connections and its waiting poll",
                    stats -> stats.connections() == 2 && stats.waitingPolls() == 1 && stats.httpSessions() == 1);
            server.get().stopApplication();
            assertThat(ws.awaitClose(PROMPTLY))
                    .isEqualTo(new WebSocketRecorder.Close(1001, "server shutting down; reconnect"));
            assertThat(sse.next(PROMPTLY).event()).isEqualTo("reconnect");
            sse.awaitEnd(PROMPTLY);
            Await.until("the held poll answered", () -> poll.answers(204) + poll.answers(401) > 0, poll::toString);
            assertThat(poll.answers(401))
                    .as("no poll was told that its session ended")
                    .isZero();
        }
    }
}
