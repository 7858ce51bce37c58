package io.realtime.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.realtime.Push;
import io.realtime.RealtimeSession;
import io.realtime.runtime.RealtimeConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * No client locks the others out (docs/security.md, "Limits"): a client past its share of tabs or of connection
 * attempts is refused alone with {@code 429} and {@code Retry-After}, a full tab registry makes room for a
 * newcomer, and behind the trusted proxy (the loopback by default) each forwarded address is a client of its own,
 * while the same header from an untrusted peer changes nothing.
 */
class NoClientLocksOthersOutTest {

    private static final String GREEDY = "198.51.100.7";
    private static final String HONEST = "192.0.2.1";

    public static class Counter {
        @Push("/count")
        public int count(RealtimeSession session) {
            return (Integer) session.attributes().merge("count", 1, (a, b) -> (Integer) a + (Integer) b);
        }
    }

    private final HttpClient client = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void aClientPastItsShareOfTabsIsRefused429AloneAndAFullRegistryStillTakesANewcomer() throws Exception {
        try (RealtimeServer server = RealtimeServer.builder()
                .config(RealtimeConfig.builder()
                        .maxTabs(50)
                        .maxTabsPerAddress(20)
                        .build())
                .services(Counter.class)
                .start()) {
            int admitted = 0;
            HttpResponse<String> refused = null;
            for (int i = 0; i < 40; i++) {
                HttpResponse<String> used = use(server.uri(), GREEDY, negotiate(server.uri(), GREEDY));
                if (used.statusCode() == 200) {
                    admitted++;
                } else {
                    refused = used;
                }
            }
            assertThat(admitted).isEqualTo(20);
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
            assertThat(refused.body())
                    .isEqualTo("{\"error\":{\"code\":\"too_many_tabs\","
                            + "\"message\":\"This client has as many tabs as it may; retry later\"}}");

            for (int i = 0; i < 100; i++) { // many addresses, one tab each: the registry is full of tabs used once
                String address = "203.0.113." + i;
                assertThat(use(server.uri(), address, negotiate(server.uri(), address))
                                .statusCode())
                        .isEqualTo(200);
            }
            assertThat(server.stats().tabs()).isEqualTo(50);
            Held honest = negotiate(server.uri(), HONEST);
            assertThat(use(server.uri(), HONEST, honest).body()).isEqualTo("1");
            assertThat(use(server.uri(), HONEST, honest).body()).isEqualTo("2");
        }
    }

    @Test
    void aClientThatConnectsTooOftenIsRefused429AloneWithTheTimeToWait() throws Exception {
        try (RealtimeServer server = RealtimeServer.builder()
                .config(RealtimeConfig.builder().connectRate(1).connectBurst(5).build())
                .services(Counter.class)
                .start()) {
            // 100 attempts against a bucket of 5 that gains 1 a second: refusals come whatever the machine's speed
            HttpResponse<String> negotiationRefused = null;
            HttpResponse<String> pollRefused = null;
            for (int i = 0; i < 100; i++) {
                HttpResponse<String> negotiated = send(server.uri(), GREEDY, negotiation(server.uri()));
                negotiationRefused = negotiated.statusCode() == 429 ? negotiated : negotiationRefused;
                HttpResponse<String> polled = send(server.uri(), GREEDY, get(server.uri(), "/count"));
                pollRefused = polled.statusCode() == 429 ? polled : pollRefused;
            }
            assertThat(negotiationRefused).isNotNull();
            assertThat(negotiationRefused.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(negotiationRefused.body())
                    .isEqualTo("{\"error\":{\"code\":\"too_many_requests\","
                            + "\"message\":\"Too many connection attempts from this client\"}}");
            assertThat(pollRefused).as("polls take from the same bucket").isNotNull();
            assertThat(pollRefused.body()).contains("too_many_requests");
            assertThat(send(server.uri(), HONEST, negotiation(server.uri())).statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void forwardedAddressesFromAPeerThatIsNoTrustedProxyAreOneClient() throws Exception {
        try (RealtimeServer server = RealtimeServer.builder()
                .config(RealtimeConfig.builder()
                        .trustedProxies(List.of("10.0.0.0/8"))
                        .connectRate(1)
                        .connectBurst(5)
                        .build())
                .services(Counter.class)
                .start()) {
            int refused = 0;
            for (int i = 0; i < 100; i++) {
                if (send(server.uri(), "192.0.2." + i, negotiation(server.uri()))
                                .statusCode()
                        == 429) {
                    refused++;
                }
            }
            assertThat(refused)
                    .as("a new X-Forwarded-For each time, and one bucket all the same")
                    .isPositive();
        }
    }

    /** What a browser keeps from a negotiation: the tab token, and the cookie it is bound to. */
    private record Held(String token, String cookie) {}

    private Held negotiate(URI root, String address) throws IOException, InterruptedException {
        HttpResponse<String> answer = send(root, address, negotiation(root));
        assertThat(answer.statusCode()).isEqualTo(200);
        String setCookie = answer.headers().firstValue("Set-Cookie").orElseThrow();
        return new Held(
                json.readTree(answer.body()).path("token").asText(), setCookie.substring(0, setCookie.indexOf(';')));
    }

    private HttpResponse<String> use(URI root, String address, Held held) throws IOException, InterruptedException {
        return send(
                root,
                address,
                get(root, "/count").header("Realtime-Token", held.token()).header("Cookie", held.cookie()));
    }

    private static HttpRequest.Builder negotiation(URI root) {
        return get(root, "/count").header("Accept", "application/realtime-negotiate+json");
    }

    private static HttpRequest.Builder get(URI root, String path) {
        return HttpRequest.newBuilder(root.resolve(root.getPath().replaceAll("/$", "") + path))
                .GET();
    }

    private HttpResponse<String> send(URI root, String address, HttpRequest.Builder request)
            throws IOException, InterruptedException {
        return client.send(request.header("X-Forwarded-For", address).build(), HttpResponse.BodyHandlers.ofString());
    }
}
