package io.realtime.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.Duplex;
import io.realtime.PathParam;
import io.realtime.Run;
import io.realtime.Stream;
import io.realtime.Topics;
import io.realtime.runtime.RealtimeConfig;
import io.realtime.testing.ContainerServer;
import io.realtime.testing.ServerExtension;
import io.realtime.testing.Visitor;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Uplink requests ({@code POST} messages, run stops) are paced per client address by a token bucket of their own: a
 * client past it is answered {@code 429 too_many_requests} with {@code Retry-After}, its request changes nothing,
 * and another address goes on (docs/security.md, "Limits").
 */
class UplinkPacingConformanceTest {

    /** A message. */
    public record Note(String text) {}

    /** Counts the messages that reach the application. */
    public static class Notes {
        static final AtomicInteger HANDLED = new AtomicInteger();
        private final Topics topics;

        public Notes(Topics topics) {
            this.topics = topics;
        }

        @Duplex("/notes")
        public Note note(Note note) {
            HANDLED.incrementAndGet();
            return note;
        }

        @Stream("/runs/{name}")
        public Run<String> run(@PathParam("name") String name) {
            return topics.run(name);
        }
    }

    private static final int BURST = 3;

    @RegisterExtension
    static final ServerExtension<ContainerServer> server = ServerExtension.of(ContainerServer.builder()
            .config(RealtimeConfig.builder().uplinkRate(1).uplinkBurst(BURST).build())
            .services(Notes.class));

    @Test
    void messagesPastTheBucketAreRefusedAndChangeNothingWhileAnotherAddressGoesOn() throws Exception {
        Visitor browser = server.get().visitor();
        Visitor.Tab tab = browser.tab().negotiate("/notes");
        // The tests connect from the loopback, a trusted proxy by default, which names each client's address.
        for (int i = 0; i < BURST; i++) {
            assertThat(post(browser, tab, "192.0.2.40").statusCode()).isEqualTo(200);
        }
        int handled = Notes.HANDLED.get();

        HttpResponse<String> refused = post(browser, tab, "192.0.2.40");
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.body())
                .isEqualTo("{\"error\":{\"code\":\"too_many_requests\","
                        + "\"message\":\"Too many messages from this client; send again later\"}}");
        assertThat(refused.headers().firstValue("Retry-After").map(Integer::parseInt))
                .hasValueSatisfying(seconds -> assertThat(seconds).isBetween(1, 2));
        assertThat(Notes.HANDLED.get()).isEqualTo(handled);

        assertThat(post(browser, tab, "192.0.2.41").statusCode())
                .as("another address")
                .isEqualTo(200);
    }

    @Test
    void runStopsArePacedTheSameWay() throws Exception {
        Visitor browser = server.get().visitor();
        Visitor.Tab tab = browser.tab().negotiate("/runs/paced");
        for (int i = 0; i < BURST; i++) {
            assertThat(stop(browser, tab, "192.0.2.42").statusCode()).isEqualTo(204);
        }
        HttpResponse<String> refused = stop(browser, tab, "192.0.2.42");
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.body()).contains("\"code\":\"too_many_requests\"");
        assertThat(stop(browser, tab, "192.0.2.43").statusCode())
                .as("another address")
                .isEqualTo(204);
    }

    private static HttpResponse<String> post(Visitor browser, Visitor.Tab tab, String address) throws Exception {
        return send(
                browser,
                tab,
                address,
                HttpRequest.newBuilder(server.get().uri("/notes"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"ref\":1,\"data\":{\"text\":\"hi\"}}")));
    }

    private static HttpResponse<String> stop(Visitor browser, Visitor.Tab tab, String address) throws Exception {
        return send(
                browser,
                tab,
                address,
                HttpRequest.newBuilder(server.get().uri("/runs/paced")).DELETE());
    }

    private static HttpResponse<String> send(
            Visitor browser, Visitor.Tab tab, String address, HttpRequest.Builder request) throws Exception {
        request.header("Realtime-Uplink", "1")
                .header("Realtime-Token", tab.token())
                .header("X-Forwarded-For", address);
        return Http.await(browser.client().sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()), "uplink");
    }
}
