package io.realtime.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.PathParam;
import io.realtime.RealtimeException;
import io.realtime.Stream;
import io.realtime.Topic;
import io.realtime.Topics;
import io.realtime.testing.ContainerServer;
import io.realtime.testing.ServerExtension;
import io.realtime.testing.SseEvent;
import io.realtime.testing.SseRecorder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code @Stream} over Server-Sent Events: the response's headers and bytes, resume, reset, end and refusal. */
class SseConformanceTest {

    public record Price(String symbol, int cents) {}

    public static class Market {
        private final Topics topics;

        public Market(Topics topics) {
            this.topics = topics;
        }

        @Stream("/prices/{symbol}")
        public Topic<Price> prices(@PathParam("symbol") String symbol) {
            if (symbol.equals("SECRET")) {
                throw RealtimeException.forbidden("Not for you");
            }
            return topics.get("prices:" + symbol);
        }

        @Stream("/countdown")
        public List<Integer> countdown() {
            return List.of(3, 2, 1);
        }
    }

    @RegisterExtension
    static final ServerExtension<ContainerServer> server =
            ServerExtension.of(ContainerServer.builder().services(Market.class));

    @Test
    void theStreamOpensWithTheSameHeadersAndPreambleOnEveryContainer() {
        try (SseRecorder sse = server.get().sse("/prices/HEAD")) {
            server.get().topics().get("prices:HEAD").publish(new Price("HEAD", 1));
            SseEvent event = sse.next();
            assertThat(sse.status()).isEqualTo(200);
            assertThat(sse.headers().firstValue("Content-Type")).hasValue("text/event-stream;charset=utf-8");
            assertThat(sse.headers().firstValue("Cache-Control")).hasValue("no-cache");
            assertThat(sse.headers().firstValue("X-Accel-Buffering")).hasValue("no");
            assertThat(new String(sse.raw(), StandardCharsets.UTF_8))
                    .isEqualTo("retry: 2000\n\nid: " + Http.epochOf(event.id()) + ":0\n\nid: " + event.id()
                            + "\nevent: message\ndata: "
                            + "{\"symbol\":\"HEAD\",\"cents\":1}\n\n");
        }
    }

    @Test
    void aReconnectingClientGetsExactlyWhatItMissed() {
        String first;
        try (SseRecorder sse = server.get().sse("/prices/ACME")) {
            server.get().topics().get("prices:ACME").publish(new Price("ACME", 100));
            first = sse.next().id();
        }
        server.get().topics().get("prices:ACME").publish(new Price("ACME", 101));
        server.get().topics().get("prices:ACME").publish(new Price("ACME", 102));
        try (SseRecorder sse = server.get().sse("/prices/ACME", first)) {
            assertThat(sse.next(2))
                    .extracting(SseEvent::data)
                    .containsExactly("{\"symbol\":\"ACME\",\"cents\":101}", "{\"symbol\":\"ACME\",\"cents\":102}");
            sse.assertNoMoreEvents(Duration.ofMillis(200));
        }
    }

    @Test
    void aCursorFromAnotherEpochGetsAReset() {
        server.get().topics().get("prices:OLD").publish(new Price("OLD", 1));
        try (SseRecorder sse = server.get().sse("/prices/OLD?lastEventId=gone:7")) {
            SseEvent reset = sse.next();
            assertThat(reset.event()).isEqualTo("reset");
            assertThat(reset.data()).isEqualTo("{\"cursor\":\"" + reset.id() + "\"}");
            assertThat(reset.id()).endsWith(":1");
        }
    }

    @Test
    void aPerClientStreamEndsWithEnd() {
        try (SseRecorder sse = server.get().sse("/countdown")) {
            assertThat(sse.next(4))
                    .containsExactly(
                            new SseEvent(null, "message", "3"),
                            new SseEvent(null, "message", "2"),
                            new SseEvent(null, "message", "1"),
                            new SseEvent(null, "end", "{}"));
            sse.awaitEnd(Duration.ofSeconds(10));
        }
    }

    @Test
    void aRefusalIsAPlainHttpErrorWithAJsonBody() {
        HttpResponse<String> refused = Http.get(server.get(), "/prices/SECRET", "Accept", "text/event-stream");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(refused.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(refused.body()).isEqualTo("{\"error\":{\"code\":\"forbidden\",\"message\":\"Not for you\"}}");
    }

    @Test
    void noEndpointIsA404WithAJsonBody() {
        HttpResponse<String> missing = Http.get(server.get(), "/prices");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("\"code\":\"not_found\"");
    }
}
