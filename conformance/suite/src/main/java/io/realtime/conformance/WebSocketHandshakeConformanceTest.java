package io.realtime.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.Duplex;
import io.realtime.runtime.RealtimeConfig;
import io.realtime.testing.ContainerServer;
import io.realtime.testing.ServerExtension;
import io.realtime.testing.WebSocketRecorder;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * WebSocket handshakes are answered like every other request, before the container upgrades them
 * (docs/security.md): a malformed {@code %}-escape gets {@code 400} JSON, never a {@code 500}; a foreign origin
 * gets {@code 403} with a JSON body; each client address's handshakes take tokens from the same bucket as its
 * negotiations, streams and polls, and past it only that address is refused {@code 429} with {@code Retry-After}.
 * Each test speaks from addresses of its own, through the trusted loopback's {@code X-Forwarded-For}.
 */
class WebSocketHandshakeConformanceTest {

    static final int BURST = 20;
    static final int ATTEMPTS = 1_000;

    public record Note(String text) {}

    public static class Notes {
        @Duplex("/notes")
        public Note note(Note note) {
            return note;
        }
    }

    @RegisterExtension
    static final ServerExtension<ContainerServer> server = ServerExtension.of(ContainerServer.builder()
            .config(RealtimeConfig.builder().connectRate(1).connectBurst(BURST).build())
            .services(Notes.class));

    @Test
    void aMalformedEscapeInAWebSocketQueryIsAnswered400JsonNeverA500() {
        for (String query : new String[] {"?lastEventId=%zz", "?x=%", "?x=%4"}) {
            RawHandshake answer = RawHandshake.send(server.get(), "/notes" + query, "13", from("192.0.2.10"));
            assertThat(answer.status()).as(query).isEqualTo(400);
            if (refusesMalformedQueriesItself()) {
                assertThat(answer.body()).as(query).isEmpty();
                continue;
            }
            assertThat(answer.header("Content-Type"))
                    .as(query)
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
            assertThat(answer.body())
                    .as(query)
                    .isEqualTo("{\"error\":{\"code\":\"bad_request\","
                            + "\"message\":\"The request URI has a malformed %-escape\"}}");
        }
        assertThat(RawHandshake.send(server.get(), "/notes?lastEventId=%41", "13", from("192.0.2.10"))
                        .status())
                .as("a well-formed escape")
                .isEqualTo(101);
    }

    @Test
    void anUnsupportedWebSocketVersionIsAnswered426NamingVersion13() {
        for (String version : new String[] {"8", "14"}) {
            RawHandshake answer = RawHandshake.send(server.get(), "/notes", version, from("192.0.2.13"));
            assertThat(answer.status()).as(version).isEqualTo(426);
            assertThat(answer.header("Sec-WebSocket-Version")).as(version).hasValue("13");
            assertThat(answer.body())
                    .as(version)
                    .isEqualTo("{\"error\":{\"code\":\"upgrade_required\","
                            + "\"message\":\"This server speaks WebSocket version 13\"}}");
        }
    }

    @Test
    void aForeignOriginHandshakeIsRefused403WithAJsonBody() {
        RawHandshake answer =
                RawHandshake.send(server.get(), "/notes", "13", from("192.0.2.11"), "Origin: https://evil.example");
        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.body())
                .isEqualTo("{\"error\":{\"code\":\"origin_refused\",\"message\":\"Cross-origin requests to this"
                        + " endpoint are refused\"}}");
    }

    @Test
    void aThousandHandshakesFromOneAddressAreRefused429OnceItsBucketEmptiesWhileAnotherAddressConnects() {
        String greedy = "198.51.100.20";
        String honest = "192.0.2.12";
        int upgraded = 0;
        RawHandshake refused = null;
        long started = System.nanoTime();
        for (int i = 0; i < ATTEMPTS; i++) {
            RawHandshake answer = RawHandshake.send(server.get(), "/notes", "13", from(greedy));
            if (answer.status() == 101) {
                upgraded++;
            } else {
                refused = answer;
                assertThat(answer.status()).as("attempt %d", i).isEqualTo(429);
            }
            if (i % 100 == 99) {
                assertThat(RawHandshake.send(server.get(), "/notes", "13", from(honest))
                                .status())
                        .as("another address during the flood, after attempt %d", i)
                        .isEqualTo(101);
            }
        }
        // The bucket starts full and regains connectRate (1) a second: what it regained during the flood is bounded
        // by how long the flood took, whatever the machine's speed.
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000L;
        long regained = 1 + elapsedMillis / 1000;
        System.out.printf(
                "%s: %d handshakes from one address in %d ms: %d upgraded, %d refused 429%n",
                server.get().serverInfo(), ATTEMPTS, elapsedMillis, upgraded, ATTEMPTS - upgraded);
        assertThat(upgraded).as("the burst and what was regained").isBetween(BURST, BURST + (int) regained);
        assertThat(refused.header("Retry-After"))
                .hasValueSatisfying(
                        seconds -> assertThat(Integer.parseInt(seconds)).isPositive());
        assertThat(refused.body())
                .isEqualTo("{\"error\":{\"code\":\"too_many_requests\","
                        + "\"message\":\"Too many connection attempts from this client\"}}");
        // Negotiation shares the bucket: refused, once the tokens regained since the flood (one a second) are spent.
        long floodEnded = System.nanoTime();
        int negotiated = 0;
        int status;
        while ((status = Http.get(
                                server.get(),
                                "/notes",
                                "Accept",
                                "application/realtime-negotiate+json",
                                "X-Forwarded-For",
                                greedy)
                        .statusCode())
                == 200) {
            negotiated++;
            assertThat(negotiated)
                    .as("negotiations admitted after the flood: no more than the bucket regained")
                    .isLessThanOrEqualTo(1 + (int) ((System.nanoTime() - floodEnded) / 1_000_000_000L));
        }
        assertThat(status).as("negotiation shares the bucket").isEqualTo(429);
        try (WebSocketRecorder ws = server.get().webSocket("/notes", Map.of("X-Forwarded-For", honest))) {
            ws.send("{\"ref\":1,\"data\":{\"text\":\"hi\"}}");
            assertThat(ws.next()).isEqualTo("{\"ref\":1,\"data\":{\"text\":\"hi\"}}");
        }
    }

    /**
     * Undertow decodes the query while it parses the request and answers a malformed escape {@code 400} with an empty
     * body itself, before any filter or servlet (docs/security.md, "What the container must do").
     */
    static boolean refusesMalformedQueriesItself() {
        return server.get().serverInfo().startsWith("Undertow/");
    }

    static String from(String address) {
        return "X-Forwarded-For: " + address;
    }
}
