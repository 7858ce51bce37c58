package io.realtime.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.Event;
import io.realtime.EventSink;
import io.realtime.PathParam;
import io.realtime.RealtimeException;
import io.realtime.Stream;
import io.realtime.Topic;
import io.realtime.Topics;
import io.realtime.runtime.RealtimeConfig;
import io.realtime.testing.Await;
import io.realtime.testing.SseEvent;
import io.realtime.testing.SseRecorder;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.Principal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every {@code @Stream} shape over Server-Sent Events, with its parameters and its refusals. */
class StreamOverSseTest {

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
    }

    public static class PerClient {
        final AtomicBoolean streamClosed = new AtomicBoolean();
        final AtomicReference<EventSink<String>> held = new AtomicReference<>();
        final AtomicReference<Boolean> sendAfterClose = new AtomicReference<>();

        @Stream("/publisher")
        public Flow.Publisher<Object> publisher() {
            return new ListPublisher(List.of(Event.of("progress", Map.of("percent", 50)), Map.of("percent", 100)));
        }

        @Stream("/stream")
        public java.util.stream.Stream<Integer> stream() {
            return java.util.stream.Stream.of(1, 2, 3).onClose(() -> streamClosed.set(true));
        }

        @Stream("/iterable")
        public List<Object> iterable() {
            return List.of(Event.of("tick", "a"), "b");
        }

        @Stream("/sink")
        public void sink(EventSink<String> sink) {
            sink.send("first");
            sink.send("named", "second");
            sink.close();
            sink.close();
            sendAfterClose.set(sink.send("late"));
        }

        @Stream("/held")
        public void held(EventSink<String> sink) {
            held.set(sink);
        }

        @Stream("/numbers/{n}")
        public List<Integer> number(@PathParam("n") int n) {
            return List.of(n + 1);
        }

        @Stream("/me")
        public List<String> me(Principal user) {
            return List.of(user.getName());
        }

        @Stream("/members-only")
        public List<String> membersOnly() {
            throw RealtimeException.forbidden("Only members may follow this room");
        }

        @Stream("/broken")
        public List<String> broken() {
            throw new IllegalStateException("a secret detail");
        }
    }

    static final PerClient perClient = new PerClient();

    @RegisterExtension
    static final RealtimeServerExtension server = RealtimeServerExtension.of(RealtimeServer.builder()
            .config(RealtimeConfig.builder().heartbeat(Duration.ofMillis(200)).build())
            .services(Market.class, perClient));

    @Test
    void topicEventsArriveInOrderWithCursors() {
        try (SseRecorder sse = server.get().sse("/prices/ACME")) {
            assertThat(sse.status()).isEqualTo(200);
            assertThat(sse.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
            assertThat(sse.headers().firstValue("Cache-Control")).hasValue("no-cache");
            assertThat(sse.headers().firstValue("X-Accel-Buffering")).hasValue("no");
            Topic<Price> topic = server.get().topics().get("prices:ACME");
            Await.stats(server.get(), "a subscriber", stats -> stats.subscriptions() == 1);
            String first = topic.publish(new Price("ACME", 100));
            String second = topic.publish("quote", new Price("ACME", 101));
            assertThat(sse.next()).isEqualTo(new SseEvent(first, "message", "{\"symbol\":\"ACME\",\"cents\":100}"));
            assertThat(sse.next()).isEqualTo(new SseEvent(second, "quote", "{\"symbol\":\"ACME\",\"cents\":101}"));
            assertThat(sse.retry()).isEqualTo("2000");
            sse.assertNoMoreEvents(Duration.ofMillis(300));
        }
    }

    @Test
    void flowPublisherItemsFollowDemandThenEnd() {
        try (SseRecorder sse = server.get().sse("/publisher")) {
            assertThat(sse.next(3))
                    .containsExactly(
                            new SseEvent(null, "progress", "{\"percent\":50}"),
                            new SseEvent(null, "message", "{\"percent\":100}"),
                            new SseEvent(null, "end", "{}"));
            sse.awaitEnd(Duration.ofSeconds(10));
        }
    }

    @Test
    void javaStreamIsConsumedThenClosed() {
        try (SseRecorder sse = server.get().sse("/stream")) {
            assertThat(sse.next(4))
                    .containsExactly(
                            new SseEvent(null, "message", "1"),
                            new SseEvent(null, "message", "2"),
                            new SseEvent(null, "message", "3"),
                            new SseEvent(null, "end", "{}"));
            sse.awaitEnd(Duration.ofSeconds(10));
        }
        Await.until("the Stream to be closed", perClient.streamClosed::get);
    }

    @Test
    void iterableItemsMayNameTheirEvents() {
        try (SseRecorder sse = server.get().sse("/iterable")) {
            assertThat(sse.next(3))
                    .containsExactly(
                            new SseEvent(null, "tick", "\"a\""),
                            new SseEvent(null, "message", "\"b\""),
                            new SseEvent(null, "end", "{}"));
            sse.awaitEnd(Duration.ofSeconds(10));
        }
    }

    @Test
    void sinkCloseWritesWhatWasSentThenEnds() {
        try (SseRecorder sse = server.get().sse("/sink")) {
            assertThat(sse.next(3))
                    .containsExactly(
                            new SseEvent(null, "message", "\"first\""),
                            new SseEvent(null, "named", "\"second\""),
                            new SseEvent(null, "end", "{}"));
            sse.awaitEnd(Duration.ofSeconds(10));
        }
        assertThat(perClient.sendAfterClose.get())
                .as("sending to a closed sink")
                .isFalse();
    }

    @Test
    void aSinkKeptByTheApplicationSendsFromAnyThreadUntilClosed() {
        perClient.held.set(null);
        try (SseRecorder sse = server.get().sse("/held")) {
            Await.until("the method to hand over its sink", () -> perClient.held.get() != null);
            EventSink<String> sink = perClient.held.get();
            AtomicBoolean closed = new AtomicBoolean();
            sink.onClose(() -> closed.set(true));
            assertThat(sink.send("hello")).isTrue();
            assertThat(sse.next()).isEqualTo(new SseEvent(null, "message", "\"hello\""));
            sink.close();
            assertThat(sse.next()).isEqualTo(new SseEvent(null, "end", "{}"));
            sse.awaitEnd(Duration.ofSeconds(10));
            Await.until("the onClose callback", closed::get);
            assertThat(sink.isOpen()).isFalse();
        }
    }

    @Test
    void pathParametersAreConverted() {
        try (SseRecorder sse = server.get().sse("/numbers/41")) {
            assertThat(sse.next()).isEqualTo(new SseEvent(null, "message", "42"));
        }
    }

    @Test
    void aPathParameterThatDoesNotConvertIsA400WithAJsonBody() throws Exception {
        HttpResponse<String> response = get("/numbers/forty-one");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.body())
                .isEqualTo("{\"error\":{\"code\":\"bad_request\",\"message\":"
                        + "\"Path parameter 'n' must be of type int, was 'forty-one'\"}}");
    }

    @Test
    void aPrincipalParameterWithoutAUserIs401() throws Exception {
        HttpResponse<String> response = get("/me");
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body())
                .isEqualTo("{\"error\":{\"code\":\"unauthenticated\","
                        + "\"message\":\"This endpoint requires an authenticated user\"}}");
    }

    @Test
    void aRefusingMethodAnswers403WithAJsonBodyAndNoStream() throws Exception {
        HttpResponse<String> response = get("/members-only");
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(response.body())
                .isEqualTo("{\"error\":{\"code\":\"forbidden\",\"message\":\"Only members may follow this room\"}}");
        Await.stats(server.get(), "no connection left", stats -> stats.connections() == 0);
    }

    @Test
    void anUnexpectedFailureIsA500WithoutDetails() throws Exception {
        HttpResponse<String> response = get("/broken");
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body())
                .isEqualTo(
                        "{\"error\":{\"code\":\"internal\",\"message\":\"The server failed to handle the request\"}}");
    }

    @Test
    void aSilentStreamCarriesHeartbeatComments() {
        try (SseRecorder sse = server.get().sse("/prices/QUIET")) {
            Await.until("two heartbeats", () -> sse.comments() >= 2, sse::comments);
            assertThat(new String(sse.raw(), java.nio.charset.StandardCharsets.UTF_8))
                    .matches("(?s)retry: 2000\n\nid: [A-Za-z0-9_-]+:0\n\n:\n\n:\n\n.*");
            sse.assertNoMoreEvents(Duration.ofMillis(100));
        }
    }

    @Test
    void aCrossOriginRequestIsRefusedUnlessAllowed() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(server.get().uri("/iterable"))
                .header("Accept", "text/event-stream")
                .header("Origin", "https://elsewhere.example")
                .build();
        HttpResponse<String> response = server.get().client().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("\"code\":\"origin_refused\"");
        String own = "http://127.0.0.1:" + server.get().uri().getPort();
        try (SseRecorder sse = server.get().sse("/iterable", Map.of("Origin", own))) {
            assertThat(sse.status()).isEqualTo(200);
        }
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(server.get().uri(path))
                .header("Accept", "text/event-stream")
                .build();
        return server.get().client().send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** A finite publisher that honours demand, as Reactive Streams asks. */
    static final class ListPublisher implements Flow.Publisher<Object> {
        private final List<Object> items;

        ListPublisher(List<Object> items) {
            this.items = items;
        }

        @Override
        public void subscribe(Flow.Subscriber<? super Object> subscriber) {
            subscriber.onSubscribe(new Flow.Subscription() {
                private long demand;
                private int next;
                private boolean emitting;
                private boolean done;

                @Override
                public void request(long n) {
                    synchronized (this) {
                        demand += n;
                        if (emitting) {
                            return; // the loop below on the stack picks it up (no recursion, §3.3)
                        }
                        emitting = true;
                    }
                    while (true) {
                        Object item;
                        boolean complete = false;
                        synchronized (this) {
                            if (done || demand == 0 || next == items.size()) {
                                emitting = false;
                                if (!done && next == items.size()) {
                                    done = complete = true;
                                }
                            }
                            if (!emitting) {
                                item = null;
                            } else {
                                demand--;
                                item = items.get(next++);
                            }
                        }
                        if (item == null) {
                            if (complete) {
                                subscriber.onComplete();
                            }
                            return;
                        }
                        subscriber.onNext(item);
                    }
                }

                @Override
                public synchronized void cancel() {
                    done = true;
                }
            });
        }
    }
}
