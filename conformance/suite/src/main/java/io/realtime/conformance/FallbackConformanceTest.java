package io.realtime.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.Connection;
import io.realtime.Duplex;
import io.realtime.Topic;
import io.realtime.Topics;
import io.realtime.testing.ContainerServer;
import io.realtime.testing.ServerExtension;
import io.realtime.testing.SseEvent;
import io.realtime.testing.SseRecorder;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A container without WebSocket support serves {@code @Duplex} endpoints over Server-Sent Events downstream and
 * {@code POST} upstream, and negotiation says so.
 */
class FallbackConformanceTest {

    public record Say(String text) {}

    public static class Chat {
        private final Topics topics;

        public Chat(Topics topics) {
            this.topics = topics;
        }

        @Duplex("/chat")
        public Topic<Say> join(Connection<Say> connection) {
            return topics.get("chat");
        }

        @Duplex("/chat")
        public Say say(Say message) {
            topics.get("chat").publish(message);
            return message;
        }
    }

    @RegisterExtension
    static final ServerExtension<ContainerServer> server =
            ServerExtension.of(ContainerServer.builder().webSocket(false).services(Chat.class));

    @Test
    void negotiationOffersServerSentEventsAlone() {
        HttpResponse<String> offer = Http.get(server.get(), "/chat", "Accept", "application/realtime-negotiate+json");
        assertThat(Http.withoutIdentity(offer.body()))
                .isEqualTo("{\"protocol\":1,\"kind\":\"duplex\",\"transports\":[\"sse\"],\"messages\":\"json\","
                        + "\"replies\":true}");
        assertThat(server.get().webSocketHandshake("/chat", Map.of())).isEqualTo(400);
        assertThat(server.get().webSocketEndpoints()).isZero();
    }

    @Test
    void messagesGoUpByPostAndEventsComeDownTheStream() {
        try (SseRecorder sse = server.get().sse("/chat")) {
            HttpResponse<String> reply = Http.post(
                    server.get(),
                    "/chat",
                    "{\"ref\":1,\"data\":{\"text\":\"hi\"}}",
                    "Content-Type",
                    "application/json",
                    "Realtime-Uplink",
                    "1");
            assertThat(reply.statusCode()).isEqualTo(200);
            assertThat(reply.body()).isEqualTo("{\"ref\":1,\"data\":{\"text\":\"hi\"}}");
            SseEvent event = sse.next();
            assertThat(event.event()).isEqualTo("message");
            assertThat(event.data()).isEqualTo("{\"text\":\"hi\"}");
        }
    }
}
