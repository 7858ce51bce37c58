package io.realtime.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.Connection;
import io.realtime.Duplex;
import io.realtime.RealtimeException;
import io.realtime.runtime.RealtimeConfig;
import io.realtime.testing.SseEvent;
import io.realtime.testing.SseRecorder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Without WebSocket (here a server that has none, as behind a proxy that strips {@code Upgrade}), a
 * {@code @Duplex} endpoint works over Server-Sent Events downstream and {@code POST} upstream, with the same
 * conversation as over a WebSocket.
 */
class DuplexFallbackTest {

    public static class Extras {
        static final List<String> notes = new CopyOnWriteArrayList<>();

        @Duplex("/ticker")
        public void ticker(Connection<String> connection) {
            connection.send("tick");
        }

        @Duplex("/notes")
        public void note(String text) {
            notes.add(text);
        }

        @Duplex("/full")
        public void full(String text) {
            throw RealtimeException.of(503, "too_many_topics", "Every topic is followed");
        }

        @Duplex("/never")
        public CompletionStage<String> never(DuplexOverWebSocketTest.Say say) {
            return new CompletableFuture<>();
        }
    }

    @RegisterExtension
    static final RealtimeServerExtension server = RealtimeServerExtension.of(RealtimeServer.builder()
            .webSocket(false)
            .config(RealtimeConfig.builder().idleTimeout(Duration.ofSeconds(1)).build())
            .services(DuplexOverWebSocketTest.Chat.class, Extras.class));

    @Test
    void theUpgradeIsRefusedAndNegotiationOffersTheFallback() throws Exception {
        assertThat(server.get().webSocketHandshake("/chat/lobby", Map.of())).isEqualTo(400);
        HttpResponse<String> negotiation = server.get()
                .client()
                .send(
                        HttpRequest.newBuilder(server.get().uri("/chat/lobby"))
                                .header("Accept", "application/realtime-negotiate+json")
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(ProtocolExamples.withoutIdentity(negotiation.body()))
                .isEqualTo("{\"protocol\":1,\"kind\":\"duplex\",\"transports\":[\"sse\"],\"messages\":\"json\","
                        + "\"replies\":true}");
    }

    @Test
    void theSameConversationOverServerSentEventsAndPost() throws Exception {
        try (SseRecorder down = server.get().sse("/chat/lobby")) {
            assertThat(down.next()).isEqualTo(new SseEvent(null, "welcome", "{\"text\":\"hello lobby\"}"));
            for (String[] exchange : DuplexOverWebSocketTest.CONVERSATION) {
                HttpResponse<String> reply = post("/chat/lobby", exchange[0], Map.of());
                if (exchange[1] == null) {
                    assertThat(reply.statusCode()).isEqualTo(204);
                    assertThat(reply.body()).isEmpty();
                } else {
                    assertThat(reply.body()).as("answer to %s", exchange[0]).isEqualTo(exchange[1]);
                    assertThat(reply.statusCode()).isEqualTo(exchange[1].startsWith("{\"ref\"") ? 200 : 400);
                    assertThat(reply.headers().firstValue("Content-Type"))
                            .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
                    assertThat(reply.headers().firstValue("Cache-Control")).hasValue("no-store");
                }
            }
            String cursor = server.get().topics().get("chat:lobby").publish(new DuplexOverWebSocketTest.Say("to all"));
            assertThat(down.next()).isEqualTo(new SseEvent(cursor, "message", "{\"text\":\"to all\"}"));
            down.assertNoMoreEvents(Duration.ofMillis(300));
        }
    }

    @Test
    void crossSiteMessagesAreRefused() throws Exception {
        String message = "{\"ref\":1,\"data\":{\"text\":\"hi\"}}";
        HttpResponse<String> noHeader = send(HttpRequest.newBuilder(server.get().uri("/chat/csrf"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(message)));
        assertThat(noHeader.statusCode()).isEqualTo(403);
        assertThat(noHeader.body()).contains("\"code\":\"uplink_refused\"");
        HttpResponse<String> plainText =
                send(HttpRequest.newBuilder(server.get().uri("/chat/csrf"))
                        .header("Content-Type", "text/plain")
                        .header("Realtime-Uplink", "1")
                        .POST(HttpRequest.BodyPublishers.ofString(message)));
        assertThat(plainText.statusCode()).isEqualTo(415);
        HttpResponse<String> foreign = post("/chat/csrf", message, Map.of("Origin", "https://evil.example"));
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(foreign.body()).contains("\"code\":\"origin_refused\"");
        HttpResponse<String> crossSite = post("/chat/csrf", message, Map.of("Sec-Fetch-Site", "cross-site"));
        assertThat(crossSite.statusCode()).isEqualTo(403);
        assertThat(DuplexOverWebSocketTest.Chat.heard).noneMatch(heard -> heard.startsWith("csrf:"));
        HttpResponse<String> sameOrigin = post(
                "/chat/csrf",
                message,
                Map.of("Origin", "http://127.0.0.1:" + server.get().uri().getPort()));
        assertThat(sameOrigin.body()).isEqualTo("{\"ref\":1,\"data\":{\"echo\":\"hi\",\"length\":2}}");
    }

    @Test
    void anOversizeMessageGets413() throws Exception {
        String big = "{\"ref\":1,\"data\":{\"text\":\"" + "a".repeat(70_000) + "\"}}";
        HttpResponse<String> reply = post("/chat/big", big, Map.of());
        assertThat(reply.statusCode()).isEqualTo(413);
        assertThat(reply.body()).contains("\"code\":\"too_large\"");
    }

    @Test
    void rawTextGoesAsTextPlainAndGetsNoReply() throws Exception {
        HttpResponse<String> reply = postText("/notes", "remember the milk");
        assertThat(reply.statusCode()).isEqualTo(204);
        assertThat(Extras.notes).contains("remember the milk");
    }

    @Test
    void aMessageWithoutRefAnswersTheFailuresOwnStatusAndRetryAfter() throws Exception {
        HttpResponse<String> reply = postText("/full", "one line too many");
        assertThat(reply.statusCode()).isEqualTo(503);
        assertThat(reply.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(reply.body())
                .isEqualTo("{\"error\":{\"code\":\"too_many_topics\",\"message\":\"Every topic is followed\"}}");
    }

    @Test
    void anEndpointWithoutMessageMethodStreamsButRefusesPosts() throws Exception {
        try (SseRecorder down = server.get().sse("/ticker")) {
            assertThat(down.next()).isEqualTo(new SseEvent(null, "message", "\"tick\""));
        }
        HttpResponse<String> reply = post("/ticker", "{\"ref\":1,\"data\":\"x\"}", Map.of());
        assertThat(reply.statusCode()).isEqualTo(405);
        assertThat(reply.headers().firstValue("Allow")).hasValue("GET");
    }

    @Test
    void aReplyThatNeverComesAnswers504AfterTheIdleTimeout() throws Exception {
        HttpResponse<String> reply = post("/never", "{\"ref\":1,\"data\":{\"text\":\"hello?\"}}", Map.of());
        assertThat(reply.statusCode()).isEqualTo(504);
        assertThat(reply.body()).contains("\"code\":\"timeout\"");
    }

    @Test
    void longPollDownstreamIsNotOfferedYet() throws Exception {
        HttpResponse<String> reply = send(HttpRequest.newBuilder(server.get().uri("/chat/lobby?transport=poll")));
        assertThat(reply.statusCode()).isEqualTo(400);
        assertThat(reply.body()).contains("\"code\":\"unsupported_transport\"");
    }

    private static HttpResponse<String> post(String path, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.get().uri(path))
                .header("Content-Type", "application/json")
                .header("Realtime-Uplink", "1")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return send(request);
    }

    private static HttpResponse<String> postText(String path, String text) throws Exception {
        return send(HttpRequest.newBuilder(server.get().uri(path))
                .header("Content-Type", "text/plain;charset=UTF-8")
                .header("Realtime-Uplink", "1")
                .POST(HttpRequest.BodyPublishers.ofString(text)));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return server.get().client().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
