package io.realtime.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.Event;
import io.realtime.PathParam;
import io.realtime.RealtimeException;
import io.realtime.Stream;
import io.realtime.Topic;
import io.realtime.Topics;
import io.realtime.runtime.RealtimeConfig;
import io.realtime.testing.Await;
import io.realtime.testing.SseRecorder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The server sends, byte for byte, what the examples of docs/protocol.md show (with the example epoch in place
 * of the server's random one), and the example requests do what the document says.
 */
class SseProtocolExamplesTest {

    public record Price(String symbol, int cents) {}

    public static class Market {
        private final Topics topics;

        public Market(Topics topics) {
            this.topics = topics;
        }

        @Stream("/prices/{symbol}")
        public Topic<Price> prices(@PathParam("symbol") String symbol) {
            return topics.get("prices:" + symbol);
        }

        @Stream("/jobs/{id}/progress")
        public List<Object> progress(@PathParam("id") String id) {
            return List.of(Event.of("progress", Map.of("percent", 50)));
        }

        @Stream("/rooms/{room}")
        public Topic<String> room(@PathParam("room") String room) {
            throw RealtimeException.forbidden("Only members may follow this room");
        }
    }

    @RegisterExtension
    static final RealtimeServerExtension server = RealtimeServerExtension.of(Market.class);

    @Test
    void theRequestExampleResumesWithTheTopicEventsExample() {
        Topic<Price> topic = server.get().topics().get("prices:ACME");
        String epoch = epochOf(publishFiller(topic, 41));
        topic.publish(new Price("ACME", 100));
        topic.publish("quote", new Price("ACME", 101));

        try (SseRecorder sse = send(ProtocolExamples.requestLines("sse-request", epoch))) {
            assertThat(sse.next(2)).hasSize(2);
            sse.assertNoMoreEvents(Duration.ofMillis(100));
            assertThat(received(sse, epoch))
                    .isEqualTo(ProtocolExamples.get("sse-preamble")
                            + ProtocolExamples.get("sse-start")
                            + ProtocolExamples.get("sse-topic-events"));
            assertThat(sse.lastEventId()).isEqualTo(epoch + ":43");
        }
    }

    @Test
    void responseHead() {
        try (SseRecorder sse = server.get().sse("/prices/HEAD")) {
            List<String> head = ProtocolExamples.get("sse-response").lines().toList();
            assertThat(head.get(0)).isEqualTo("HTTP/1.1 200 OK");
            assertThat(sse.status()).isEqualTo(200);
            Map<String, String> expected = new LinkedHashMap<>();
            Map<String, String> actual = new LinkedHashMap<>();
            for (String header : head.subList(1, head.size())) {
                String name = header.substring(0, header.indexOf(':'));
                expected.put(name, header.substring(name.length() + 2));
                actual.put(name, sse.headers().firstValue(name).orElse(null));
            }
            assertThat(actual).isEqualTo(expected);
        }
    }

    @Test
    void aCursorThatCannotBeHonouredStartsWithTheResetExample() {
        Topic<Price> topic = server.get().topics().get("prices:OLD");
        String epoch = epochOf(publishFiller(topic, 1043));
        try (SseRecorder sse = server.get().sse("/prices/OLD", epoch + ":41")) {
            assertThat(sse.next().event()).isEqualTo("reset");
            sse.assertNoMoreEvents(Duration.ofMillis(100));
            assertThat(received(sse, epoch)).isEqualTo(ProtocolExamples.get("sse-reset"));
        }
    }

    @Test
    void aPerClientStreamEndsAsTheExampleShows() {
        try (SseRecorder sse = server.get().sse("/jobs/7/progress")) {
            sse.next(2);
            sse.awaitEnd(Duration.ofSeconds(10));
            assertThat(received(sse, "-")).isEqualTo(ProtocolExamples.get("sse-per-client-end"));
        }
    }

    @Test
    void aSilentStreamCarriesTheHeartbeatExample() {
        try (RealtimeServer quick = RealtimeServer.builder()
                        .config(RealtimeConfig.builder()
                                .heartbeat(Duration.ofMillis(100))
                                .build())
                        .services(Market.class)
                        .start();
                SseRecorder sse = quick.sse("/prices/QUIET")) {
            Await.until("a heartbeat", () -> sse.comments() >= 1);
            String expected = ProtocolExamples.get("sse-preamble")
                    + ProtocolExamples.get("sse-start")
                    + ProtocolExamples.get("sse-heartbeat");
            assertThat(received(sse, epochOf(sse.lastEventId()))).startsWith(expected.replace(":41", ":0"));
        }
    }

    @Test
    void stoppingTheApplicationSendsTheReconnectExample() {
        RealtimeServer stopping = RealtimeServer.start(Market.class);
        try (SseRecorder sse = stopping.sse("/prices/BYE")) {
            Await.stats(stopping, "a subscriber", stats -> stats.subscriptions() == 1);
            stopping.close();
            assertThat(sse.next().event()).isEqualTo("reconnect");
            sse.awaitEnd(Duration.ofSeconds(10));
            assertThat(received(sse, epochOf(sse.lastEventId())))
                    .isEqualTo(ProtocolExamples.get("sse-preamble")
                            + ProtocolExamples.get("sse-start").replace(":41", ":0")
                            + ProtocolExamples.get("sse-reconnect"));
        } finally {
            stopping.close();
        }
    }

    @Test
    void negotiationAnswersAsTheExampleShows() throws Exception {
        HttpResponse<String> response = exchange(ProtocolExamples.requestLines("negotiate-request", "-"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/realtime-negotiate+json");
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(ProtocolExamples.identityAsInExamples(response.body()) + "\n")
                .isEqualTo(ProtocolExamples.get("negotiate-response"));
    }

    @Test
    void aRefusalAnswersWithTheErrorBodyExample() throws Exception {
        HttpResponse<String> response = exchange(List.of("GET /rooms/lobby HTTP/1.1", "Accept: text/event-stream"));
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body() + "\n").isEqualTo(ProtocolExamples.get("error-body"));
    }

    private static String publishFiller(Topic<Price> topic, int count) {
        String cursor = null;
        for (int i = 0; i < count; i++) {
            cursor = topic.publish(new Price("ACME", i));
        }
        return cursor;
    }

    private static String epochOf(String cursor) {
        return cursor.substring(0, cursor.lastIndexOf(':'));
    }

    /** What arrived, with the server's epoch shown as the examples show it. */
    private static String received(SseRecorder sse, String epoch) {
        return new String(sse.raw(), StandardCharsets.UTF_8).replace(epoch, ProtocolExamples.EPOCH);
    }

    private static SseRecorder send(List<String> request) {
        return server.get().sse(path(request), headers(request));
    }

    private static HttpResponse<String> exchange(List<String> request) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(server.get().uri(path(request)));
        headers(request).forEach(builder::header);
        return server.get().client().send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String path(List<String> request) {
        String[] line = request.get(0).split(" ");
        assertThat(line[0]).isEqualTo("GET");
        assertThat(line[2]).isEqualTo("HTTP/1.1");
        return line[1];
    }

    private static Map<String, String> headers(List<String> request) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String header : request.subList(1, request.size())) {
            int colon = header.indexOf(':');
            headers.put(header.substring(0, colon), header.substring(colon + 1).trim());
        }
        return headers;
    }
}
