package io.realtime.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.testing.Await;
import io.realtime.testing.ContainerServer;
import io.realtime.testing.PollRecorder;
import io.realtime.testing.ServerExtension;
import io.realtime.testing.SseRecorder;
import io.realtime.testing.Visitor;
import io.realtime.testing.WebSocketRecorder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Invalidating a cookie session (a logout) ends that session's connections within a second, on every transport,
 * each in the way docs/protocol.md shows ("Identity"), byte for byte, and other sessions' connections stay.
 */
class SessionEndConformanceTest {

    /** The promise: what a logout ends, it ends within this. */
    private static final Duration PROMISED = Duration.ofSeconds(1);

    /** What each transport says (docs/protocol.md, "Identity"). */
    private static final String ENDED = "{\"code\":\"session_ended\",\"message\":\"The HTTP session has ended\"}";

    /** How long the test waits for each outcome, generously, before it checks the promise on what it saw. */
    private static final Duration GENEROUS = Duration.ofSeconds(10);

    @RegisterExtension
    static final ServerExtension<ContainerServer> server =
            ServerExtension.of(ContainerServer.builder().users("alice", "bob").services(Board.class));

    @Test
    void aLogoutEndsThatSessionsConnectionsWithinASecondAndOthersStay() {
        Await.stats(server.get(), "no connection of another test", stats -> stats.connections() == 0);
        Visitor alice = server.get().visitor().login("alice");
        Visitor bob = server.get().visitor().login("bob");
        Visitor.Tab aliceTab = alice.tab().negotiate("/board");
        Visitor.Tab bobTab = bob.tab().negotiate("/board");
        try (SseRecorder aliceSse = aliceTab.sse("/board");
                SseRecorder aliceWithoutToken = alice.tab().sse("/board");
                PollRecorder alicePoll = aliceTab.poll("/inbox");
                WebSocketRecorder aliceSocket = aliceTab.webSocket("/room?lastEventId=");
                SseRecorder bobSse = bobTab.sse("/board");
                PollRecorder bobPoll = bobTab.poll("/inbox");
                WebSocketRecorder bobSocket = bobTab.webSocket("/room?lastEventId=")) {
            Await.stats(
                    server.get(),
                    "every connection and poll in place",
                    stats -> stats.subscriptions() == 7 && stats.waitingPolls() == 2 && stats.httpSessions() == 2);

            int tabs = server.get().stats().tabs();
            long loggedOut = System.nanoTime();
            alice.logout();

            assertThat(aliceSse.next(GENEROUS).event()).isEqualTo("revoked");
            aliceSse.awaitEnd(GENEROUS);
            assertThat(aliceWithoutToken.next(GENEROUS).event()).isEqualTo("revoked");
            aliceWithoutToken.awaitEnd(GENEROUS);
            String pollStopped = alicePoll.awaitStop(GENEROUS);
            WebSocketRecorder.Close closed = aliceSocket.awaitClose(GENEROUS);
            Duration took = Duration.ofNanos(System.nanoTime() - loggedOut);
            assertThat(took)
                    .as("every connection of the session ended within a second")
                    .isLessThan(PROMISED);

            assertThat(new String(aliceSse.raw(), StandardCharsets.UTF_8))
                    .endsWith("event: revoked\ndata: " + ENDED + "\n\n");
            assertThat(pollStopped).isEqualTo("status 401 {\"error\":" + ENDED + "}");
            assertThat(closed).isEqualTo(sessionEndedClose());

            Await.stats(
                    server.get(),
                    "alice's session forgotten",
                    stats -> stats.httpSessions() == 1 && stats.tabs() == tabs - 1 && stats.subscriptions() == 3);
            Board.Note still = new Board.Note("still here");
            for (String topic : new String[] {"board", "inbox", "room"}) {
                server.get().topics().get(topic).publish(still);
            }
            assertThat(bobSse.next().data()).isEqualTo("{\"text\":\"still here\"}");
            assertThat(bobPoll.next().data()).isEqualTo("{\"text\":\"still here\"}");
            assertThat(bobSocket.next()).contains("\"data\":{\"text\":\"still here\"}");
            assertThat(bobSocket.isOpen()).isTrue();
        }
    }

    /**
     * How a WebSocket of an ended session closes: {@code 1008} with the runtime's reason, {@code session_ended}, on
     * every container but Undertow, whose own session listener closes every WebSocket of an ending session, with
     * {@code 1008} and no reason, before any listener of the application hears of the end, and which no listener
     * the Servlet API lets an application add can precede (docs/containers.md). The code, which is what clients act
     * on, is the same.
     */
    private static WebSocketRecorder.Close sessionEndedClose() {
        return server.get().serverInfo().startsWith("Undertow/")
                ? new WebSocketRecorder.Close(1008, "")
                : new WebSocketRecorder.Close(1008, "session_ended");
    }

    @Test
    void aConnectionOfAnEndedSessionCannotComeBackWithItsToken() {
        Visitor alice = server.get().visitor().login("alice");
        Visitor.Tab tab = alice.tab().negotiate("/board");
        alice.logout();
        try (SseRecorder sse = tab.sse("/board")) {
            assertThat(sse.status()).isEqualTo(401);
        }
        String before = tab.id();
        assertThat(tab.negotiate("/board").id())
                .as("negotiating again gives a new tab")
                .isNotEqualTo(before);
        assertThat(tab.get("/inbox").statusCode()).isEqualTo(200);
    }
}
