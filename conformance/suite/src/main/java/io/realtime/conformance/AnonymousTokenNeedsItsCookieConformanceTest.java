package io.realtime.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

import io.realtime.Connection;
import io.realtime.Duplex;
import io.realtime.Push;
import io.realtime.Stream;
import io.realtime.Topic;
import io.realtime.Topics;
import io.realtime.runtime.RealtimeConfig;
import io.realtime.runtime.RealtimeStats;
import io.realtime.testing.Await;
import io.realtime.testing.ContainerServer;
import io.realtime.testing.ServerExtension;
import io.realtime.testing.SseRecorder;
import io.realtime.testing.Visitor;
import io.realtime.testing.WebSocketRecorder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A tab token issued without a cookie session is bound to the browser cookie the runtime set with it
 * (docs/security.md, "Tab tokens"): replayed by anyone else, without that cookie or with their own, it is refused on
 * Server-Sent Events, long-poll, the uplink {@code POST} and the WebSocket handshake exactly as another session's
 * token is, and negotiation gives the replayer a new tab; the browser that holds the cookie keeps its tab. A page of
 * another origin, whose browser client sends no cookies, is the documented exception.
 */
class AnonymousTokenNeedsItsCookieConformanceTest {

    static final AtomicInteger calls = new AtomicInteger();

    /** A message in JSON, so that the uplink takes it as {@code realtime.js} sends it. */
    public record Line(String text) {}

    public static class Room {
        private final Topics topics;

        public Room(Topics topics) {
            this.topics = topics;
        }

        @Stream("/room")
        public Topic<String> stream() {
            calls.incrementAndGet();
            return topics.get("room");
        }

        @Push("/room/poll")
        public Topic<String> poll() {
            calls.incrementAndGet();
            return topics.get("room");
        }

        @Duplex("/room/live")
        public Topic<String> join(Connection<String> connection) {
            calls.incrementAndGet();
            return topics.get("room");
        }

        @Duplex("/room/live")
        public void say(Line line) {
            calls.incrementAndGet();
        }
    }

    /** What a token is refused with when it was issued to another cookie session, or to another browser. */
    static final String MISMATCH = "{\"error\":{\"code\":\"token_refused\",\"message\":"
            + "\"The tab token is not valid for this session; negotiate a new one\"}}";

    static final String LINE = "{\"ref\":1,\"data\":{\"text\":\"hi\"}}";

    @RegisterExtension
    static final ServerExtension<ContainerServer> server =
            ServerExtension.of(ContainerServer.builder().services(Room.class));

    @Test
    void negotiationWithoutACookieSessionSetsAnHttpOnlyLaxCookieForTheApplication() throws Exception {
        HttpResponse<String> first = negotiate(server.get().client());
        String path = server.get().uri().getPath();
        assertThat(first.headers().allValues("Set-Cookie"))
                .singleElement(STRING)
                .matches("realtime-browser=[A-Za-z0-9_-]{22}; Path=" + (path.isEmpty() ? "/" : path)
                        + "; HttpOnly; SameSite=Lax");
        assertThat(negotiate(server.get().client()).headers().firstValue("Set-Cookie"))
                .as("another browser, another cookie")
                .isNotEqualTo(first.headers().firstValue("Set-Cookie"));

        Visitor browser = server.get().visitor();
        browser.tab().negotiate("/room");
        assertThat(negotiate(browser.client()).headers().allValues("Set-Cookie"))
                .as("a browser that holds it gets it once")
                .isEmpty();
        Visitor withSession = server.get().visitor().startSession();
        assertThat(negotiate(withSession.client()).headers().allValues("Set-Cookie"))
                .as("a cookie session binds the token itself")
                .isEmpty();
    }

    @Test
    void aReplayedAnonymousTokenIsRefusedOnEveryTransportWithoutItsCookieOrWithAnother() {
        Visitor.Tab owner = server.get().visitor().tab().negotiate("/room");
        String token = owner.token();
        Visitor other = server.get().visitor();
        other.tab().negotiate("/room"); // holds a browser cookie of its own
        List<Visitor.Tab> replayers = List.of(
                server.get().visitor().tab().withToken(token), other.tab().withToken(token));
        RealtimeStats before = server.get().stats();
        calls.set(0);

        for (Visitor.Tab replayer : replayers) {
            try (SseRecorder sse = replayer.sse("/room")) {
                assertThat(sse.status()).as("over SSE").isEqualTo(401);
                sse.awaitEnd(Duration.ofSeconds(10));
                assertThat(new String(sse.raw(), StandardCharsets.UTF_8)).isEqualTo(MISMATCH);
            }
            HttpResponse<String> poll = replayer.get("/room/poll");
            assertThat(poll.statusCode()).as("over long-poll").isEqualTo(401);
            assertThat(poll.body()).isEqualTo(MISMATCH);
            HttpResponse<String> post = replayer.post("/room/live", LINE);
            assertThat(post.statusCode()).as("over POST").isEqualTo(401);
            assertThat(post.body()).isEqualTo(MISMATCH);
            try (WebSocketRecorder socket = replayer.webSocket("/room/live")) {
                assertThat(socket.next()).as("over WebSocket").isEqualTo(MISMATCH);
                assertThat(socket.awaitClose(Duration.ofSeconds(10)))
                        .isEqualTo(new WebSocketRecorder.Close(1008, "token_refused"));
            }
        }

        assertThat(calls).as("no application method ran").hasValue(0);
        Await.stats(
                server.get(),
                "nothing left",
                stats -> stats.connections() <= before.connections()
                        && stats.waitingPolls() == 0
                        && stats.tabs() <= before.tabs());
    }

    @Test
    void withItsCookieTheAnonymousTokenWorksOnEveryTransportAsOneTab() {
        Visitor.Tab owner = server.get().visitor().tab().negotiate("/room");
        int tabs = server.get().stats().tabs();
        int subscriptions = server.get().stats().subscriptions();
        try (SseRecorder sse = owner.sse("/room");
                WebSocketRecorder socket = owner.webSocket("/room/live")) {
            assertThat(sse.status()).isEqualTo(200);
            socket.send("{\"data\":{\"text\":\"hi\"}}");
            Await.stats(server.get(), "both subscribed", stats -> stats.subscriptions() == subscriptions + 2);
            // The count may include a connection of an earlier test that the server has not let go of yet: the
            // WebSocket's start cursor is what shows it follows the topic, so that the event is after its start.
            socket.nextStart();
            server.get().topics().get("room").publish("accepted");
            assertThat(sse.next().data()).isEqualTo("\"accepted\"");
            assertThat(socket.next()).contains("\"accepted\"");
            assertThat(owner.post("/room/live", LINE).statusCode()).isBetween(200, 299);
            assertThat(server.get().stats().tabs())
                    .as("one tab for all of them")
                    .isEqualTo(tabs + 1);
        }
    }

    @Test
    void negotiationRenewsTheTabOnlyForTheCookiesHolder() {
        Visitor.Tab owner = server.get().visitor().tab().negotiate("/room");
        String tab = owner.id();
        String token = owner.token();
        assertThat(owner.negotiate("/room").id()).as("the holder keeps its tab").isEqualTo(tab);

        Visitor.Tab stranger = server.get().visitor().tab().withToken(token).negotiate("/room");
        assertThat(stranger.id()).as("a replayer gets a new tab").isNotEqualTo(tab);
        Visitor other = server.get().visitor();
        other.tab().negotiate("/room");
        assertThat(other.tab().withToken(token).negotiate("/room").id())
                .as("so does one with a cookie of its own")
                .isNotEqualTo(tab);
        try (SseRecorder sse = owner.sse("/room")) {
            assertThat(sse.status()).as("the holder's token still works").isEqualTo(200);
        }
    }

    @Test
    void aPageOfAListedOriginWhichSendsNoCookiesGetsATokenBoundToNothingAsBefore() {
        try (ContainerServer shop = ContainerServer.builder()
                .config(RealtimeConfig.builder()
                        .allowedOrigins(Set.of("http://shop.example"))
                        .build())
                .services(Room.class)
                .start()) {
            HttpResponse<String> offer = Http.get(
                    shop, "/room", "Accept", "application/realtime-negotiate+json", "Origin", "http://shop.example");
            assertThat(offer.statusCode()).isEqualTo(200);
            String token = offer.body().replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");
            try (SseRecorder sse = SseRecorder.open(
                    shop.client(),
                    shop.uri("/room"),
                    Map.of("Origin", "http://shop.example", "Realtime-Token", token))) {
                assertThat(sse.status())
                        .as("no cookie comes back, and none is needed")
                        .isEqualTo(200);
            }
        }
    }

    private static HttpResponse<String> negotiate(HttpClient client) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(server.get().uri("/room"))
                .header("Accept", "application/realtime-negotiate+json")
                .GET()
                .build();
        return Http.await(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()), "negotiation");
    }
}
