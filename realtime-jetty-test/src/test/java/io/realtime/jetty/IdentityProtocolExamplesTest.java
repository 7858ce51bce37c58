package io.realtime.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.Connection;
import io.realtime.Duplex;
import io.realtime.Stream;
import io.realtime.Topic;
import io.realtime.Topics;
import io.realtime.internal.identity.Tokens;
import io.realtime.runtime.RealtimeConfig;
import io.realtime.runtime.TokenKey;
import io.realtime.testing.Await;
import io.realtime.testing.PollRecorder;
import io.realtime.testing.RawWebSocket;
import io.realtime.testing.SseRecorder;
import io.realtime.testing.Visitor;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The examples of docs/protocol.md, "Identity": the token is what the documented key signs over the documented
 * text, and a server holding that key answers the example requests as the document shows, byte for byte.
 */
class IdentityProtocolExamplesTest {

    /** The key of the examples: id {@code k1}, the 32 bytes 0 to 31. */
    static final TokenKey K1 = TokenKey.parse("k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8");

    /** The browser cookie of the examples' client, which has no cookie session. */
    static final String BROWSER = "Yr3Kw9Lp0aQe4UsTn7Vx2g";

    public static class Examples {
        private final Topics topics;

        public Examples(Topics topics) {
            this.topics = topics;
        }

        @Stream("/prices/{symbol}")
        public Topic<String> prices() {
            return topics.get("prices");
        }

        @Duplex("/chat/{room}")
        public void chat(Connection<String> connection) {}
    }

    @RegisterExtension
    static final RealtimeServerExtension server = RealtimeServerExtension.of(RealtimeServer.builder()
            .config(RealtimeConfig.builder().tokenKeys(List.of(K1)).build())
            .services(Examples.class));

    @Test
    void theExampleTokenIsWhatTheExampleKeySignsOverTheExampleText() throws Exception {
        String token = ProtocolExamples.get("token-example").strip();
        assertThat(token).isEqualTo(ProtocolExamples.TOKEN);
        assertThat(new Tokens(List.of(new Tokens.Key(K1.id(), K1.secret())), Duration.ofHours(24))
                        .issue(Tokens.binding(null, BROWSER), ProtocolExamples.TAB, 1_735_689_600_000L))
                .isEqualTo(token);

        String signed = ProtocolExamples.get("token-signed");
        assertThat(signed)
                .isEqualTo(token.substring(0, token.lastIndexOf('.')) + '\n' + Tokens.binding(null, BROWSER) + '\n');
        assertThat(signed)
                .endsWith("\nbrowser:"
                        + Base64.getUrlEncoder()
                                .withoutPadding()
                                .encodeToString(MessageDigest.getInstance("SHA-256")
                                        .digest(BROWSER.getBytes(StandardCharsets.UTF_8)))
                        + '\n');
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(K1.secret(), "HmacSHA256"));
        byte[] signature = mac.doFinal(signed.substring(0, signed.length() - 1).getBytes(StandardCharsets.UTF_8));
        assertThat(token).endsWith("." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature));
    }

    @Test
    void theExpiredExampleTokenIsRefusedAsTheExampleShows() {
        int tabs = server.get().stats().tabs();
        RawHttp.assertResponse(RawHttp.exchange(server.get(), ProtocolExamples.get("token-request")), "token-refused");
        assertThat(server.get().stats().tabs()).as("nothing created").isEqualTo(tabs);
    }

    @Test
    void theWebSocketHandshakeOfTheExampleSelectsTheProtocolAloneThenRefusesTheToken() throws Exception {
        try (RawWebSocket socket =
                RawWebSocket.handshake(server.get().webSocketUri("/"), ProtocolExamples.get("token-handshake"))) {
            assertThat(socket.response())
                    .startsWith("HTTP/1.1 101")
                    .containsIgnoringCase("Sec-WebSocket-Protocol: realtime.v1\r\n")
                    .doesNotContain("realtime.token");
            RawWebSocket.Frame error = socket.next();
            assertThat(new String(error.payload(), StandardCharsets.UTF_8))
                    .isEqualTo(ProtocolExamples.get("ws-token-refused").strip());
            RawWebSocket.Frame close = socket.next();
            assertThat(close.opcode()).isEqualTo(8);
            assertThat(close.closeCode()).isEqualTo(1008);
            assertThat(new String(close.payload(), 2, close.payload().length - 2, StandardCharsets.UTF_8))
                    .isEqualTo("token_refused");
        }
    }

    @Test
    void aTokenOfTheExampleKeyIsAcceptedAndNegotiationKeepsItsTab() {
        Visitor.Tab tab = server.get().visitor().tab().negotiate("/prices/ACME");
        assertThat(tab.token()).startsWith("rt1.k1." + tab.id() + ".");
        String first = tab.id();
        assertThat(tab.negotiate("/chat/lobby").id()).isEqualTo(first);
        try (SseRecorder sse = tab.sse("/prices/ACME")) {
            assertThat(sse.status()).isEqualTo(200);
        }
    }

    @Test
    void theEndOfASessionEndsItsStreamAndItsPollAsTheExamplesShow() {
        Visitor visitor = server.get().visitor().startSession();
        Visitor.Tab tab = visitor.tab().negotiate("/prices/ACME");
        try (SseRecorder sse = tab.sse("/prices/ACME");
                PollRecorder poll = tab.poll("/prices/ACME?transport=poll")) {
            Await.stats(server.get(), "the stream and the poll in place", stats -> stats.waitingPolls() == 1);
            visitor.logout();
            assertThat(sse.next(Duration.ofSeconds(10)).event()).isEqualTo("revoked");
            sse.awaitEnd(Duration.ofSeconds(10));
            assertThat(new String(sse.raw(), StandardCharsets.UTF_8))
                    .endsWith(ProtocolExamples.get("sse-session-ended"));
            assertThat(poll.awaitStop(Duration.ofSeconds(10)))
                    .isEqualTo("status 401 "
                            + ProtocolExamples.get("poll-session-ended")
                                    .split("\n\n", 2)[1]
                                    .strip());
        }
    }
}
