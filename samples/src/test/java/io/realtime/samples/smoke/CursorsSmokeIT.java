package io.realtime.samples.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.realtime.testing.SseEvent;
import io.realtime.testing.SseRecorder;
import io.realtime.testing.Visitor;
import io.realtime.testing.WebSocketRecorder;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Shared cursors: a member's positions reach the others, coalesced, so that a client that did not read for a
 * while gets the newest position in a few batches rather than every move.
 */
@ParameterizedClass
@EnumSource(Container.class)
@ExtendWith(Container.Cleanup.class)
class CursorsSmokeIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MOVES = 300;
    private static final int BURST = 20;

    private final Samples samples;
    private final String path = "/cursors/smoke-" + UUID.randomUUID().toString().substring(0, 8);

    CursorsSmokeIT(Container container) {
        this.samples = container.samples();
    }

    @Test
    void positionsFanOutToTheOthersAndASlowClientGetsTheNewest() throws IOException {
        try (WebSocketRecorder alice = join();
                WebSocketRecorder bob = join();
                WebSocketRecorder carol = join()) {
            carol.pauseReading(); // a slow client
            int bobBatches = 0;
            // Bursts of moves, each within the runtime's bound on messages waiting per connection (32).
            for (int burst = 0; burst < MOVES / BURST; burst++) {
                for (int i = 1; i <= BURST; i++) {
                    alice.send("{\"data\":{\"x\":" + x(burst * BURST + i) + ",\"y\":0.5}}");
                }
                bobBatches += batchesUntil(bob, x((burst + 1) * BURST));
            }
            carol.resumeReading();
            int carolBatches = batchesUntil(carol, 1.0);
            System.out.printf(
                    "%s: %d moves reached a reader in %d batches, a paused reader in %d%n",
                    samples, MOVES, bobBatches, carolBatches);
            assertThat(bobBatches).isLessThan(MOVES);
            assertThat(carolBatches).isLessThan(MOVES);
            alice.assertNoMoreFrames(Duration.ofMillis(100)); // no refusal, and nothing of its own

            alice.close();
            JsonNode left = cursors(bob.next());
            assertThat(left.path("moved")).isEmpty();
            assertThat(left.path("left")).hasSize(1);
        }
    }

    @Test
    void aPositionOffTheBoardIsRefused() throws IOException {
        try (WebSocketRecorder dave = join()) {
            dave.send("{\"ref\":1,\"data\":{\"x\":2,\"y\":0.5}}");
            JsonNode error = JSON.readTree(dave.next());
            assertThat(error.path("ref").asInt()).isEqualTo(1);
            assertThat(error.path("error").path("code").asText()).isEqualTo("bad_request");
        }
    }

    @Test
    void aMoveCountsForTheTabThatSentItOnEveryTransport() throws IOException {
        Visitor.Tab tab = samples.visitor().tab().negotiate(path);
        try (WebSocketRecorder watcher = join();
                SseRecorder overSse = tab.sse(path);
                WebSocketRecorder plain = join(samples.visitor().tab())) { // no token: its connection is its tab
            SseEvent snapshot = overSse.next();
            assertThat(snapshot.event()).isEqualTo("cursors");
            assertThat(JSON.readTree(snapshot.data()).path("moved")).isEmpty();

            // The fallback's messages are requests of their own: the token makes them the stream's tab's moves.
            assertThat(tab.post(path, "{\"data\":{\"x\":0.25,\"y\":0.75}}").statusCode())
                    .isEqualTo(204);
            JsonNode byPost = moved(watcher);
            assertThat(byPost.path("x").asDouble()).isEqualTo(0.25);
            // A plain WebSocket's connection and messages are one tab as well.
            plain.send("{\"data\":{\"x\":0.5,\"y\":0.5}}");
            JsonNode bySocket = moved(watcher);
            assertThat(bySocket.path("x").asDouble()).isEqualTo(0.5);
            assertThat(bySocket.path("id").asText())
                    .isNotEqualTo(byPost.path("id").asText());

            // A request without a token is a tab of its own, which has joined no board.
            HttpResponse<String> stranger =
                    samples.visitor().tab().post(path, "{\"ref\":1,\"data\":{\"x\":0.1,\"y\":0.1}}");
            assertThat(stranger.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(stranger.body()).path("error").path("code").asText())
                    .isEqualTo("bad_request");
            watcher.assertNoMoreFrames(Duration.ofMillis(200));
        }
    }

    /** A new browser's tab, negotiated as {@code realtime.js} does, joins the board. */
    private WebSocketRecorder join() throws IOException {
        return join(samples.visitor().tab().negotiate(path));
    }

    /** Joins the board and waits for the first batch, where everyone already is. */
    private WebSocketRecorder join(Visitor.Tab tab) throws IOException {
        WebSocketRecorder member = tab.webSocket(path);
        assertThat(cursors(member.next()).path("left")).isEmpty();
        return member;
    }

    /** @return the one cursor of the next batch */
    private static JsonNode moved(WebSocketRecorder member) throws IOException {
        JsonNode moved = cursors(member.next()).path("moved");
        assertThat(moved).hasSize(1);
        return moved.get(0);
    }

    /** Reads batches until one holds the mover at {@code x}; the mover is every batch's only entry. */
    private static int batchesUntil(WebSocketRecorder member, double x) throws IOException {
        for (int batches = 1; ; batches++) {
            JsonNode moved = cursors(member.next()).path("moved");
            assertThat(moved).hasSize(1); // one entry per mover, however many moves it made
            JsonNode cursor = moved.get(0);
            assertThat(cursor.path("y").asDouble()).isEqualTo(0.5);
            if (cursor.path("x").asDouble() == x) {
                return batches;
            }
        }
    }

    private static double x(int move) {
        return (double) move / MOVES;
    }

    private static JsonNode cursors(String frame) throws IOException {
        JsonNode event = JSON.readTree(frame);
        assertThat(event.path("event").asText()).as(frame).isEqualTo("cursors");
        return event.path("data");
    }
}
