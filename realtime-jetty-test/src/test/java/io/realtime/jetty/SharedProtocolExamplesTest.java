package io.realtime.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.Connection;
import io.realtime.Duplex;
import io.realtime.PathParam;
import io.realtime.RealtimeException;
import io.realtime.Stream;
import io.realtime.Topic;
import io.realtime.Topics;
import io.realtime.testing.Cursors;
import io.realtime.testing.SseRecorder;
import io.realtime.testing.WebSocketRecorder;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The examples of docs/protocol.md, "Shared connections", byte for byte: a real client of {@code /realtime/mux} must
 * see exactly the frames the document shows, with the document's epoch {@code Q2hhbmdl} and connection name standing
 * for the server's random ones.
 */
class SharedProtocolExamplesTest {

    /** The connection name the examples show. */
    private static final String NAME = "m3Xq8TnR2pLs9VwK4cYz0A";

    private static final Pattern NAMED = Pattern.compile("\\{\"connection\":\"([A-Za-z0-9_-]{22})\"}");

    public record Price(String symbol, int cents) {}

    public record Line(String text) {}

    public record Ack(boolean ok) {}

    /** The topics of the test that runs: the server lives for the class, and one test's events must not show in another's. */
    private static volatile String round = "";

    private static int rounds;

    public static class Board {
        private final Topics topics;

        public Board(Topics topics) {
            this.topics = topics;
        }

        @Stream("/prices/{symbol}")
        public Topic<Price> prices(@PathParam("symbol") String symbol) {
            return topics.get(round + "prices:" + symbol);
        }

        @Stream("/rooms/{room}")
        public Topic<Line> room(@PathParam("room") String room) {
            throw RealtimeException.forbidden("Only members may follow this room");
        }

        @Stream("/jobs/{id}")
        public List<Map<String, Integer>> job(@PathParam("id") String id) {
            return List.of(Map.of("percent", 50), Map.of("percent", 100));
        }

        @Duplex("/chat/{room}")
        public Topic<Object> join(Connection<Object> connection, @PathParam("room") String room) {
            connection.send("welcome", Map.of("room", room));
            return topics.get(round + "chat:" + room);
        }

        @Duplex("/chat/{room}")
        public Ack say(@PathParam("room") String room, Line line) {
            topics.get(round + "chat:" + room).publish(line);
            return new Ack(true);
        }
    }

    @RegisterExtension
    static final RealtimeServerExtension server = RealtimeServerExtension.of(Board.class);

    @BeforeEach
    void topicsOfTheirOwn() {
        round = "round" + ++rounds + ":";
    }

    private static Topic<Object> topic(String name) {
        return server.get().topics().get(round + name);
    }

    @Test
    void negotiationAnswersAsTheExampleShows() throws Exception {
        HttpResponse<String> response = server.get()
                .client()
                .send(
                        HttpRequest.newBuilder(server.get().uri("/realtime/mux"))
                                .header("Accept", "application/realtime-negotiate+json")
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(ProtocolExamples.identityAsInExamples(response.body()) + "\n")
                .isEqualTo(example("mux-negotiate-response"));
    }

    @Test
    void theWebSocketConversationOfTheDocument() {
        String prices = epochOf(filler("prices:ACME", 41));
        String chat = epochOf(filler("chat:lobby", 1));
        try (WebSocketRecorder ws = server.get().webSocket("/realtime/mux")) {
            ws.send(example("mux-subscribe").replace(ProtocolExamples.EPOCH, prices));
            assertThat(documented(ws.next(3), prices, chat))
                    .containsExactlyInAnyOrder(
                            line("mux-subscribed"), line("mux-subscribed-duplex"), line("mux-welcome"));
            topic("prices:ACME").publish(new Price("ACME", 100));
            assertThat(documented(ws.next(1), prices, chat)).containsExactly(line("mux-event"));

            ws.send(example("mux-ws-message"));
            assertThat(documented(ws.next(2), prices, chat))
                    .containsExactlyInAnyOrder(
                            line("mux-ws-reply"),
                            "{\"sub\":\"chat\",\"id\":\"Q2hhbmdl:2\",\"event\":\"message\",\"data\":{\"text\":\"hi\"}}");

            ws.send("{\"subscribe\":{\"vault\":{\"path\":\"/rooms/lobby\"}}}");
            assertThat(ws.next()).isEqualTo(line("mux-refused"));

            ws.send(example("mux-unsubscribe"));
            ws.send("{\"subscribe\":{\"jobs\":{\"path\":\"/jobs/42\"}}}");
            assertThat(ws.next(4))
                    .containsExactly(
                            "{\"sub\":\"jobs\",\"event\":\"subscribed\",\"data\":{\"kind\":\"stream\"}}",
                            "{\"sub\":\"jobs\",\"event\":\"message\",\"data\":{\"percent\":50}}",
                            "{\"sub\":\"jobs\",\"event\":\"message\",\"data\":{\"percent\":100}}",
                            line("mux-end"));
            topic("prices:ACME").publish(new Price("ACME", 101));
            ws.assertNoMoreFrames(Duration.ofMillis(200)); // prices was unsubscribed
        }
    }

    @Test
    void aCursorThatCannotBeHonouredGetsTheResetExample() {
        String epoch = epochOf(filler("prices:OLD", 1043));
        try (WebSocketRecorder ws = server.get().webSocket("/realtime/mux")) {
            ws.send("{\"subscribe\":{\"prices\":{\"path\":\"/prices/OLD\",\"cursor\":\"" + epoch + ":41\"}}}");
            List<String> frames = documented(ws.next(2), epoch, epoch);
            assertThat(frames.get(0))
                    .isEqualTo("{\"sub\":\"prices\",\"event\":\"subscribed\",\"data\":{\"kind\":\"stream\","
                            + "\"cursor\":\"Q2hhbmdl:1043\"}}");
            assertThat(frames.get(1)).isEqualTo(line("mux-reset"));
        }
    }

    @Test
    void theStreamOfTheDocumentAndAChangeOfItsSubscriptions() throws Exception {
        String prices = epochOf(filler("prices:ACME", 41));
        try (SseRecorder sse = SseRecorder.open(
                server.get().client(), request("mux-sse-request", prices).build())) {
            assertThat(sse.status()).isEqualTo(200);
            assertThat(sse.next().event()).isEqualTo("connection");
            assertThat(sse.next().event()).isEqualTo("subscribed");
            topic("prices:ACME").publish(new Price("ACME", 100));
            sse.next();
            Matcher named = NAMED.matcher(new String(sse.raw(), StandardCharsets.UTF_8));
            assertThat(named.find()).isTrue();
            String name = named.group(1);
            assertThat(new String(sse.raw(), StandardCharsets.UTF_8)
                            .replace(prices, ProtocolExamples.EPOCH)
                            .replace(name, NAME))
                    .isEqualTo(example("mux-sse-response"));

            HttpResponse<String> change = server.get()
                    .client()
                    .send(
                            request("mux-control", "-").replace(NAME, name).build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(change.statusCode()).isEqualTo(204);
            assertThat(sse.next(4).stream().map(event -> event.event()).toList())
                    .containsExactly("subscribed", "message", "message", "end");
            topic("prices:ACME").publish(new Price("ACME", 101));
            sse.assertNoMoreEvents(Duration.ofMillis(200)); // prices was unsubscribed
        }
    }

    @Test
    void thePollsOfTheDocument() throws Exception {
        String prices = epochOf(filler("prices:ACME", 41));
        String set = "{\"subscriptions\":{\"prices\":{\"path\":\"/prices/ACME\",\"cursor\":\"" + prices + ":41\"}}";
        String first = poll(set + "}");
        String name = Cursors.epochOf(Cursors.of(first));
        assertThat(first).isEqualTo("{\"cursor\":\"" + name + ":0\",\"events\":[]}");
        assertThat(poll(set + ",\"cursor\":\"" + name + ":0\"}"))
                .isEqualTo("{\"cursor\":\"" + name + ":1\",\"events\":[{\"sub\":\"prices\",\"event\":\"subscribed\","
                        + "\"data\":{\"kind\":\"stream\",\"cursor\":\"" + prices + ":41\"}}]}");
        topic("prices:ACME").publish(new Price("ACME", 100));
        HttpResponse<String> answer = server.get()
                .client()
                .send(
                        request("mux-poll-request", prices).replace(NAME, name).build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(answer.body().replace(prices, ProtocolExamples.EPOCH).replace(name, NAME) + "\n")
                .isEqualTo(example("mux-poll-events"));
    }

    private static String poll(String body) throws Exception {
        HttpResponse<String> answer = server.get()
                .client()
                .send(
                        HttpRequest.newBuilder(server.get().uri("/realtime/mux?transport=poll&timeout=5"))
                                .header("Content-Type", "application/json")
                                .header("Realtime-Uplink", "1")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return answer.body();
    }

    /** An HTTP example as a request to the server: its request line, headers and body, the epoch replaced. */
    private static Replaceable request(String name, String epoch) {
        return new Replaceable(example(name).replace(ProtocolExamples.EPOCH, epoch));
    }

    /** An example request whose text may still change before it is built. */
    private record Replaceable(String text) {
        Replaceable replace(String from, String to) {
            return new Replaceable(text.replace(from, to));
        }

        HttpRequest build() {
            int blank = text.indexOf("\n\n");
            List<String> head = text.substring(0, blank).lines().toList();
            String target = head.get(0).split(" ")[1];
            HttpRequest.Builder builder =
                    HttpRequest.newBuilder(URI.create(server.get().uri() + target));
            head.subList(1, head.size()).forEach(header -> {
                int colon = header.indexOf(':');
                builder.header(header.substring(0, colon), header.substring(colon + 2));
            });
            return builder.POST(HttpRequest.BodyPublishers.ofString(
                            text.substring(blank + 2).strip()))
                    .build();
        }
    }

    private static String filler(String topic, int count) {
        String cursor = null;
        for (int i = 0; i < count; i++) {
            cursor = topic(topic).publish(Map.of("filler", i));
        }
        return cursor;
    }

    private static String epochOf(String cursor) {
        return cursor.substring(0, cursor.indexOf(':'));
    }

    /** Frames with the document's epoch in place of the server's. */
    private static List<String> documented(List<String> frames, String... epochs) {
        return frames.stream()
                .map(frame -> {
                    for (String epoch : epochs) {
                        frame = frame.replace(epoch, ProtocolExamples.EPOCH);
                    }
                    return frame;
                })
                .toList();
    }

    private static String example(String name) {
        return ProtocolExamples.get(name);
    }

    /** A one-line example without its final line feed, as a WebSocket frame carries it. */
    private static String line(String name) {
        return example(name).strip();
    }
}
