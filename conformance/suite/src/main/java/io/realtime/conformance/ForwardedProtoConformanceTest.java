package io.realtime.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.Stream;
import io.realtime.Topic;
import io.realtime.Topics;
import io.realtime.runtime.RealtimeConfig;
import io.realtime.testing.ContainerServer;
import io.realtime.testing.ServerExtension;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Behind a TLS-terminating proxy the request reaches the container as {@code http}; a trusted proxy's
 * {@code X-Forwarded-Proto} or {@code Forwarded: proto=} tells that the client used {@code https}, so the browser
 * cookie is the {@code Secure} one. The same headers from a peer that is not a trusted proxy change nothing
 * (docs/security.md, "Behind a reverse proxy").
 */
class ForwardedProtoConformanceTest {

    /** An endpoint to negotiate with. */
    public static class Feed {
        private final Topics topics;

        public Feed(Topics topics) {
            this.topics = topics;
        }

        @Stream("/feed")
        public Topic<String> feed() {
            return topics.get("feed");
        }
    }

    private static final String SECURE =
            "__Host-realtime-browser=[A-Za-z0-9_-]{22}; Path=/; Secure; HttpOnly; SameSite=Lax";
    private static final String PLAIN = "realtime-browser=[A-Za-z0-9_-]{22}; Path=[^;]+; HttpOnly; SameSite=Lax";

    /** The tests connect from the loopback, which the runtime trusts as a proxy by default. */
    @RegisterExtension
    static final ServerExtension<ContainerServer> behindProxy =
            ServerExtension.of(ContainerServer.builder().services(Feed.class));

    /** The loopback is not among this one's trusted proxies. */
    @RegisterExtension
    static final ServerExtension<ContainerServer> direct = ServerExtension.of(ContainerServer.builder()
            .config(RealtimeConfig.builder()
                    .trustedProxies(List.of("10.0.0.0/8"))
                    .build())
            .services(Feed.class));

    @Test
    void aTrustedProxySayingHttpsGetsTheClientTheSecureCookie() throws Exception {
        assertThat(cookie(behindProxy.get(), Map.of("X-Forwarded-Proto", "https")))
                .matches(SECURE);
        assertThat(cookie(behindProxy.get(), Map.of("X-Forwarded-Proto", "HTTPS, http")))
                .as("the first value, written by the proxy nearest the client")
                .matches(SECURE);
        assertThat(cookie(behindProxy.get(), Map.of("Forwarded", "for=192.0.2.60;proto=https;host=app.example")))
                .matches(SECURE);
        assertThat(cookie(behindProxy.get(), Map.of("Forwarded", "for=192.0.2.60", "X-Forwarded-Proto", "https")))
                .as("Forwarded wins, and says nothing of the scheme")
                .matches(PLAIN);
        assertThat(cookie(behindProxy.get(), Map.of("X-Forwarded-Proto", "http")))
                .matches(PLAIN);
        assertThat(cookie(behindProxy.get(), Map.of())).matches(PLAIN);
    }

    @Test
    void theSameHeadersFromAPeerThatIsNoTrustedProxyAreIgnored() throws Exception {
        assertThat(cookie(direct.get(), Map.of("X-Forwarded-Proto", "https"))).matches(PLAIN);
        assertThat(cookie(direct.get(), Map.of("Forwarded", "for=192.0.2.60;proto=https")))
                .matches(PLAIN);
    }

    /** Negotiates as a new browser and returns the cookie the server sets. */
    private static String cookie(ContainerServer server, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(server.uri("/feed")).header("Accept", "application/realtime-negotiate+json");
        headers.forEach(request::header);
        HttpResponse<String> negotiated = Http.await(
                server.client().sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()), "negotiation");
        assertThat(negotiated.statusCode()).as(negotiated.body()).isEqualTo(200);
        List<String> cookies = negotiated.headers().allValues("Set-Cookie");
        assertThat(cookies).hasSize(1);
        return cookies.get(0);
    }
}
