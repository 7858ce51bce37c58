package io.realtime.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.Connection;
import io.realtime.Duplex;
import io.realtime.Push;
import io.realtime.Stream;
import io.realtime.Topic;
import io.realtime.Topics;
import io.realtime.runtime.RealtimeConfig;
import io.realtime.runtime.TokenKey;
import io.realtime.testing.Await;
import io.realtime.testing.ContainerServer;
import io.realtime.testing.ServerExtension;
import io.realtime.testing.SseRecorder;
import io.realtime.testing.Visitor;
import io.realtime.testing.WebSocketRecorder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Over real HTTP and WebSocket, every kind of bad token is refused on every transport, with {@code 401
 * token_refused} or close code {@code 1008}, without the application's methods running and with nothing left
 * behind; the valid token beside them is accepted (the runtime's own {@code TokensTest} tries 10,000 mutations).
 */
class TokenRefusalConformanceTest {

    static final AtomicInteger calls = new AtomicInteger();

    public static class Guarded {
        private final Topics topics;

        public Guarded(Topics topics) {
            this.topics = topics;
        }

        @Stream("/board")
        public Topic<String> stream() {
            calls.incrementAndGet();
            return topics.get("board");
        }

        @Push("/board/poll")
        public Topic<String> poll() {
            calls.incrementAndGet();
            return topics.get("board");
        }

        @Duplex("/board/live")
        public Topic<String> join(Connection<String> connection) {
            calls.incrementAndGet();
            return topics.get("board");
        }

        @Duplex("/board/live")
        public void say(String text) {
            calls.incrementAndGet();
        }
    }

    static final RealtimeConfig KEYED = RealtimeConfig.builder()
            .tokenKeys(List.of(TokenKey.of("k1", new byte[32])))
            .build();

    @RegisterExtension
    static final ServerExtension<ContainerServer> server = ServerExtension.of(
            ContainerServer.builder().users("alice", "bob").config(KEYED).services(Guarded.class));

    @Test
    void everyKindOfBadTokenIsRefusedOnEveryTransportAndLeavesNothing() throws Exception {
        Visitor alice = server.get().visitor().login("alice");
        Visitor.Tab tab = alice.tab().negotiate("/board");
        String valid = tab.token();
        Map<String, Visitor.Tab> refused = new LinkedHashMap<>();
        refused.put("a flipped bit", tab.withToken(flip(valid, valid.length() - 5)));
        refused.put("truncated", tab.withToken(valid.substring(0, valid.length() - 1)));
        refused.put(
                "another session's",
                tab.withToken(server.get()
                        .visitor()
                        .login("bob")
                        .tab()
                        .negotiate("/board")
                        .token()));
        refused.put("without its cookie session", server.get().visitor().tab().withToken(valid));
        refused.put("from another server's key", tab.withToken(otherServersToken()));
        refused.put("expired", server.get().visitor().tab().withToken(expiredToken()));
        refused.put("not a token at all", tab.withToken("hello"));
        int tabs = server.get().stats().tabs();
        calls.set(0);

        for (Map.Entry<String, Visitor.Tab> bad : refused.entrySet()) {
            String what = bad.getKey();
            Visitor.Tab forged = bad.getValue();
            try (SseRecorder sse = forged.sse("/board")) {
                assertThat(sse.status()).as(what + " over SSE").isEqualTo(401);
                sse.awaitEnd(Duration.ofSeconds(10));
                assertThat(body(sse))
                        .as(what)
                        .contains("\"code\":\"token_refused\"")
                        .doesNotContain(forged.token());
            }
            HttpResponse<String> poll = forged.get("/board/poll");
            assertThat(poll.statusCode()).as(what + " over long-poll").isEqualTo(401);
            assertThat(poll.body()).contains("\"code\":\"token_refused\"").doesNotContain(forged.token());
            HttpResponse<String> post = forged.post("/board/live", "\"hi\"");
            assertThat(post.statusCode()).as(what + " over POST").isEqualTo(401);
            assertThat(post.body()).contains("\"code\":\"token_refused\"").doesNotContain(forged.token());
            try (WebSocketRecorder socket = forged.webSocket("/board/live")) {
                assertThat(socket.next())
                        .as(what + " over WebSocket")
                        .startsWith("{\"error\":{\"code\":\"token_refused\"");
                assertThat(socket.awaitClose(Duration.ofSeconds(10)))
                        .isEqualTo(new WebSocketRecorder.Close(1008, "token_refused"));
            }
        }

        assertThat(calls).as("no application method ran").hasValue(0);
        Await.stats(
                server.get(),
                "nothing left",
                stats -> stats.connections() == 0
                        && stats.subscriptions() == 0
                        && stats.waitingPolls() == 0
                        && stats.tabs() == tabs
                        && stats.httpSessions() == 0);

        try (SseRecorder sse = tab.sse("/board");
                WebSocketRecorder socket = tab.webSocket("/board/live")) {
            assertThat(sse.status()).as("the valid token").isEqualTo(200);
            socket.send("hi");
            Await.stats(server.get(), "both subscribed", stats -> stats.subscriptions() == 2);
            server.get().topics().get("board").publish("accepted");
            assertThat(sse.next().data()).isEqualTo("\"accepted\"");
            assertThat(socket.next()).contains("\"accepted\"");
        }
    }

    @Test
    void aCookieSessionNamedInTheUrlIsRefusedOnEveryTransportSoABoundTokenIsWorthlessWithoutTheCookie() {
        Visitor alice = server.get().visitor().login("alice");
        String token = alice.tab().negotiate("/board").token();
        String inUrl = ";jsessionid=" + alice.sessionId();
        // A new browser for each request: a container may answer with the session's cookie, which would then be sent.
        java.util.function.Supplier<Visitor.Tab> stranger =
                () -> server.get().visitor().tab().withToken(token);
        int tabs = server.get().stats().tabs();
        calls.set(0);

        try (SseRecorder sse = stranger.get().sse("/board" + inUrl)) {
            assertThat(sse.status()).as("over SSE").isEqualTo(400);
            sse.awaitEnd(Duration.ofSeconds(10));
            assertThat(body(sse)).isEqualTo(SESSION_IN_URL);
        }
        HttpResponse<String> poll = stranger.get().get("/board/poll" + inUrl);
        assertThat(poll.statusCode()).as("over long-poll").isEqualTo(400);
        assertThat(poll.body()).isEqualTo(SESSION_IN_URL);
        HttpResponse<String> post = stranger.get().post("/board/live" + inUrl, "\"hi\"");
        assertThat(post.statusCode()).as("over POST").isEqualTo(400);
        assertThat(post.body()).isEqualTo(SESSION_IN_URL);
        assertThat(server.get().webSocketHandshake("/board/live" + inUrl, Map.of("Realtime-Token", token)))
                .as("the WebSocket handshake")
                .isEqualTo(400);

        assertThat(calls).as("no application method ran").hasValue(0);
        assertThat(server.get().stats().tabs()).isEqualTo(tabs);
    }

    static final String SESSION_IN_URL =
            "{\"error\":{\"code\":\"bad_request\",\"message\":\"Session ids are accepted from the cookie only\"}}";

    private static String body(SseRecorder sse) {
        return new String(sse.raw(), StandardCharsets.UTF_8);
    }

    private static String flip(String token, int at) {
        char[] chars = token.toCharArray();
        chars[at] = chars[at] == 'A' ? 'B' : 'A';
        return new String(chars);
    }

    private static String otherServersToken() {
        try (ContainerServer other =
                ContainerServer.builder().services(Guarded.class).start()) {
            return other.visitor().tab().negotiate("/board").token();
        }
    }

    /** Authentic for the server under test (the same key), issued to a client without a session, expired. */
    private static String expiredToken() {
        try (ContainerServer brief = ContainerServer.builder()
                .services(Guarded.class)
                .config(KEYED.toBuilder().tokenLifetime(Duration.ofMillis(1)).build())
                .start()) {
            return brief.visitor().tab().negotiate("/board").token();
        }
    }
}
