package io.realtime.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.PathParam;
import io.realtime.Stream;
import io.realtime.Topic;
import io.realtime.Topics;
import io.realtime.runtime.RealtimeConfig;
import io.realtime.testing.Await;
import io.realtime.testing.ContainerServer;
import io.realtime.testing.ServerExtension;
import io.realtime.testing.SharedRecorder;
import io.realtime.testing.SharedRecorder.Carrier;
import io.realtime.testing.Visitor;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Subscriptions of shared connections are counted per client, over all its connections: one cookie session, or one
 * client address, past its quota is refused one more subscription alone ({@code 429 too_many_subscriptions}), while
 * its other subscriptions and other clients go on, and a place comes back when a subscription ends.
 */
class SubscriptionQuotaConformanceTest {

    /** Every topic, at {@code /feed/<name>}. */
    public static class Feeds {
        private final Topics topics;

        public Feeds(Topics topics) {
            this.topics = topics;
        }

        @Stream("/feed/{name}")
        public Topic<String> feed(@PathParam("name") String name) {
            return topics.get(name);
        }
    }

    private static final int QUOTA = 3;

    @RegisterExtension
    static final ServerExtension<ContainerServer> perSession = ServerExtension.of(ContainerServer.builder()
            .config(RealtimeConfig.builder().maxSubscriptionsPerSession(QUOTA).build())
            .services(Feeds.class));

    @RegisterExtension
    static final ServerExtension<ContainerServer> perAddress = ServerExtension.of(ContainerServer.builder()
            .config(RealtimeConfig.builder().maxSubscriptionsPerAddress(QUOTA).build())
            .services(Feeds.class));

    @ParameterizedTest
    @EnumSource(Carrier.class)
    void aCookieSessionPastItsQuotaIsRefusedOneMoreSubscriptionAlone(Carrier carrier) {
        ContainerServer server = perSession.get();
        Visitor alice = server.visitor().startSession();
        Visitor bob = server.visitor().startSession();
        try (SharedRecorder first = connected(server, alice, carrier, Map.of());
                SharedRecorder second = connected(server, alice, carrier, Map.of());
                SharedRecorder bobs = connected(server, bob, carrier, Map.of())) {
            subscribed(first, "a1", "/feed/" + carrier + "-1");
            subscribed(first, "a2", "/feed/" + carrier + "-2");
            subscribed(second, "a3", "/feed/" + carrier + "-3");

            refused(second, "a4", "/feed/" + carrier + "-4");
            for (int i = 1; i <= QUOTA; i++) {
                subscribed(bobs, "b" + i, "/feed/" + carrier + "-b" + i); // another session has its own share
            }
            server.topics().get(carrier + "-1").publish("still here");
            assertThat(first.next("a1").data().asText()).isEqualTo("still here");

            int before = server.stats().subscriptions();
            first.unsubscribe("a2");
            Await.stats(server, "a2 ended", stats -> stats.subscriptions() == before - 1);
            subscribed(second, "a5", "/feed/" + carrier + "-5"); // its place came back
        }
    }

    @ParameterizedTest
    @EnumSource(Carrier.class) // a WebSocket's address is the one its handshake's request told the runtime's filter
    void anAddressPastItsQuotaIsRefusedOneMoreSubscriptionAlone(Carrier carrier) {
        ContainerServer server = perAddress.get();
        // The tests connect from the loopback, a trusted proxy by default, which names each client's address.
        // Addresses of their own per carrier: the server learns late that the other run's connections went.
        String host = switch (carrier) {
            case SSE -> "10";
            case POLL -> "11";
            default -> "12";
        };
        Map<String, String> one = Map.of("X-Forwarded-For", "192.0.2." + host);
        Map<String, String> other = Map.of("X-Forwarded-For", "198.51.100." + host);
        try (SharedRecorder first = connected(server, server.visitor(), carrier, one);
                SharedRecorder second = connected(server, server.visitor(), carrier, one);
                SharedRecorder elsewhere = connected(server, server.visitor(), carrier, other)) {
            subscribed(first, "a1", "/feed/addr-" + carrier + "-1");
            subscribed(second, "a2", "/feed/addr-" + carrier + "-2");
            subscribed(second, "a3", "/feed/addr-" + carrier + "-3");
            refused(first, "a4", "/feed/addr-" + carrier + "-4");
            subscribed(elsewhere, "e1", "/feed/addr-" + carrier + "-e1");
        }
    }

    private static SharedRecorder connected(
            ContainerServer server, Visitor visitor, Carrier carrier, Map<String, String> headers) {
        return SharedRecorder.of(visitor.client(), server.uri(), carrier, headers)
                .connect();
    }

    private static void subscribed(SharedRecorder shared, String sub, String path) {
        shared.subscribe(sub, path);
        SharedRecorder.Frame frame = shared.next(sub);
        assertThat(frame.event()).as(frame.json()).isEqualTo("subscribed");
    }

    private static void refused(SharedRecorder shared, String sub, String path) {
        shared.subscribe(sub, path);
        SharedRecorder.Frame frame = shared.next(sub);
        assertThat(frame.event()).as(frame.json()).isEqualTo("error");
        assertThat(frame.data().get("status").asInt()).isEqualTo(429);
        assertThat(frame.data().get("code").asText()).isEqualTo("too_many_subscriptions");
    }
}
