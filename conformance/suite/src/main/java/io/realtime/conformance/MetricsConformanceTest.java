package io.realtime.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.realtime.Topic;
import io.realtime.runtime.RealtimeConfig;
import io.realtime.runtime.RealtimeMetrics;
import io.realtime.runtime.RealtimeStats;
import io.realtime.testing.Await;
import io.realtime.testing.ContainerServer;
import io.realtime.testing.PollRecorder;
import io.realtime.testing.ServerExtension;
import io.realtime.testing.SharedRecorder;
import io.realtime.testing.SharedRecorder.Carrier;
import io.realtime.testing.SseRecorder;
import io.realtime.testing.Visitor;
import io.realtime.testing.WebSocketRecorder;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every meter of {@link RealtimeMetrics}, bound to a {@link SimpleMeterRegistry} and driven by real clients of
 * each transport: what an operator reads (docs/observability.md) follows what the clients saw.
 */
class MetricsConformanceTest {

    @RegisterExtension
    static final ServerExtension<ContainerServer> server = ServerExtension.of(ContainerServer.builder()
            .services(Board.class)
            // A client that went is noticed on the next heartbeat, a shared poll connection nobody polls within
            // the stall timeout: so that the closes the tests count come soon.
            .config(RealtimeConfig.builder()
                    .heartbeat(Duration.ofMillis(200))
                    .stallTimeout(Duration.ofSeconds(2))
                    .build()));

    /** A server with tight limits, for the slow consumer and the rate limit. */
    @RegisterExtension
    static final ServerExtension<ContainerServer> tight = ServerExtension.of(ContainerServer.builder()
            .config(RealtimeConfig.builder()
                    .stallTimeout(Duration.ofMillis(500))
                    .idleTimeout(Duration.ofSeconds(30))
                    .maxPollsPerAddress(1)
                    .build())
            .services(Board.class));

    static final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    static final SimpleMeterRegistry tightRegistry = new SimpleMeterRegistry();

    @BeforeAll
    static void bind() {
        RealtimeMetrics.of(server.get().servletContext()).bindTo(registry);
        RealtimeMetrics.of(tight.get().servletContext()).bindTo(tightRegistry);
    }

    @Test
    void anSseStreamCountsAsAConnectionItsEventsAsDeliveredWithTheirLagAndItsDurationOnceClosed() {
        assertConnectionLifecycle("sse", "/board", "board", () -> server.get().sse("/board"), SseRecorder::next);
    }

    @Test
    void aWebSocketCountsAsAConnectionItsEventsAsDeliveredWithTheirLagAndItsDurationOnceClosed() {
        assertConnectionLifecycle(
                "websocket",
                "/room",
                "room",
                () -> server.get().webSocket("/room?lastEventId="),
                WebSocketRecorder::next);
    }

    @Test
    void longPollsCountTheirEventsAsDeliveredWithTheirLag() {
        double delivered = count("realtime.events.delivered", "poll", "/inbox");
        long lags = lag("poll", "/inbox").count();
        try (PollRecorder poll = server.get().poll("/inbox?timeout=5")) {
            Await.until("the poll has a cursor", () -> poll.cursor() != null);
            server.get().topics().get("inbox").publish(new Board.Note("polled"));
            assertThat(poll.next().data()).isEqualTo("{\"text\":\"polled\"}");
        }
        assertThat(count("realtime.events.delivered", "poll", "/inbox")).isEqualTo(delivered + 1);
        assertThat(lag("poll", "/inbox").count()).isEqualTo(lags + 1);
    }

    @ParameterizedTest
    @EnumSource(Carrier.class)
    void aSharedConnectionCountsAsAConnectionOfItsTransportOnTheSharedPath(Carrier carrier) {
        String transport = carrier.name().toLowerCase(Locale.ROOT);
        double delivered = count("realtime.events.delivered", transport, SharedRecorder.PATH);
        long closed = duration(transport, SharedRecorder.PATH).count();
        try (SharedRecorder shared =
                SharedRecorder.of(server.get().client(), server.get().uri(), carrier, Map.of())) {
            shared.subscribe("b", "/board", null).connect();
            assertThat(shared.next("b").event()).isEqualTo("subscribed");
            Await.until("the shared connection counted", () -> connections(transport, SharedRecorder.PATH) == 1);
            server.get().topics().get("board").publish(new Board.Note("shared"));
            assertThat(shared.next("b").data().path("text").asText()).isEqualTo("shared");
            // The subscription's "subscribed" frame is a message written to the client too.
            awaitCount(
                    "the frames counted",
                    () -> count("realtime.events.delivered", transport, SharedRecorder.PATH),
                    delivered + 2);
        }
        Await.until("the shared connection no longer counted", () -> connections(transport, SharedRecorder.PATH) == 0);
        awaitCount(
                "the duration recorded",
                () -> (double) duration(transport, SharedRecorder.PATH).count(),
                (double) (closed + 1));
    }

    @Test
    void aClientBackWithAnUnknownCursorCountsAsAResumeAndAReset() {
        // Counted once the write returned, which the client may see before: awaited.
        String stale = "stale0epoch:7";
        double sseResumes = count("realtime.resumes", "sse", "/board");
        double sseResets = count("realtime.resets", "sse", "/board");
        try (SseRecorder sse = server.get().sse("/board", stale)) {
            assertThat(sse.next().event()).isEqualTo("reset");
        }
        awaitCount("the resumes counted", () -> count("realtime.resumes", "sse", "/board"), sseResumes + 1);
        awaitCount("the resets counted", () -> count("realtime.resets", "sse", "/board"), sseResets + 1);

        double wsResumes = count("realtime.resumes", "websocket", "/room");
        double wsResets = count("realtime.resets", "websocket", "/room");
        try (WebSocketRecorder ws = server.get().webSocket("/room?lastEventId=" + stale)) {
            assertThat(ws.next()).contains("\"reset\"");
        }
        awaitCount("the resumes counted", () -> count("realtime.resumes", "websocket", "/room"), wsResumes + 1);
        awaitCount("the resets counted", () -> count("realtime.resets", "websocket", "/room"), wsResets + 1);

        double pollResets = count("realtime.resets", "poll", "/inbox");
        assertThat(Http.get(server.get(), "/inbox?timeout=0&cursor=" + stale).body())
                .contains("\"reset\":true");
        assertThat(count("realtime.resets", "poll", "/inbox")).isEqualTo(pollResets + 1);
    }

    @Test
    void publishesAreCountedWithTheBackplanesLatency() {
        Counter published = registry.get("realtime.events.published").counter();
        Timer backplane = registry.get("realtime.backplane.latency").timer();
        double before = published.count();
        long stored = backplane.count();
        Topic<Board.Note> board = server.get().topics().get("board");
        board.publish(new Board.Note("one"));
        board.publish(new Board.Note("two"));
        assertThat(published.count()).isEqualTo(before + 2);
        assertThat(backplane.count()).isEqualTo(stored + 2);
        assertThat(registry.get("realtime.backplane.errors").counter().count()).isZero();
    }

    @Test
    void refusalsAreCountedByTheirCode() {
        double before = refusals("unsupported_transport");
        assertThat(Http.get(server.get(), "/board?transport=carrier-pigeon").statusCode())
                .isEqualTo(400);
        assertThat(refusals("unsupported_transport")).isEqualTo(before + 1);
    }

    @Test
    void aSubscriptionOfASharedConnectionEndedWithAnErrorFrameIsCountedByItsCode() {
        double before = refusals("not_found");
        try (SharedRecorder shared =
                SharedRecorder.of(server.get().client(), server.get().uri(), Carrier.WEBSOCKET, Map.of())) {
            shared.subscribe("x", "/nowhere", null).connect();
            SharedRecorder.Frame refused = shared.next("x");
            assertThat(refused.event()).isEqualTo("error");
            assertThat(refused.json()).contains("\"code\":\"not_found\"");
        }
        assertThat(refusals("not_found")).isEqualTo(before + 1);
    }

    @Test
    void anUnreadableChangeOfASharedConnectionsSubscriptionsIsCountedAsRefused() {
        double before = refusals("bad_request");
        try (SharedRecorder shared =
                SharedRecorder.of(server.get().client(), server.get().uri(), Carrier.SSE, Map.of())) {
            shared.subscribe("b", "/board", null).connect();
            assertThat(shared.next("b").event()).isEqualTo("subscribed");
            assertThatThrownBy(() -> shared.subscribe("not an id!", "/board"))
                    .hasMessageStartingWith("The change was answered 400 {\"error\":{\"code\":\"bad_request\"");
        }
        assertThat(refusals("bad_request")).isEqualTo(before + 1);
    }

    @Test
    void theGaugesReadWhatTheRuntimeHolds() {
        Visitor.Tab tab = server.get().visitor().startSession().tab().negotiate("/board");
        try (SseRecorder sse = tab.sse("/board");
                WebSocketRecorder ws = tab.webSocket("/room?lastEventId=")) {
            Await.stats(server.get(), "both subscribed", stats -> stats.subscriptions() >= 2);
            assertThat(sse.status()).isEqualTo(200);
            assertThat(ws.isOpen()).isTrue();
            RealtimeStats stats = server.get().stats();
            assertThat(gauge("realtime.subscriptions")).isEqualTo(stats.subscriptions());
            assertThat(gauge("realtime.topics")).isEqualTo(stats.topics());
            assertThat(gauge("realtime.tabs")).isEqualTo(stats.tabs());
            assertThat(gauge("realtime.http.sessions"))
                    .isEqualTo(stats.httpSessions())
                    .isGreaterThanOrEqualTo(1);
            assertThat(gauge("realtime.queue.depth")).isEqualTo(stats.queuedMessages());
            assertThat(gauge("realtime.waiting.polls")).isEqualTo(stats.waitingPolls());
            assertThat(registry.get("realtime.pending.tasks").gauge().value()).isGreaterThanOrEqualTo(0);
        }
    }

    @Test
    void aClientThatStopsReadingIsCountedAsASlowConsumer() {
        DoubleSupplier slow = () -> {
            Counter counter = tightRegistry
                    .find("realtime.slow.consumer.closes")
                    .tags("transport", "websocket", "endpoint", "/room")
                    .counter();
            return counter == null ? 0 : counter.count();
        };
        double before = slow.getAsDouble();
        try (WebSocketRecorder ws = tight.get().webSocket("/room?lastEventId=")) {
            Topic<Board.Note> room = tight.get().topics().get("room");
            Await.until("subscribed", () -> tight.get().stats().subscriptions() == 1);
            ws.pauseReading();
            String big = "x".repeat(64 * 1024);
            for (int published = 0; tight.get().stats().connections() > 0 && published < 900; published++) {
                room.publish(new Board.Note(big)); // network buffers fill up, then the writer stalls
            }
            Await.until(
                    "the stalled connection is closed",
                    () -> tight.get().stats().connections() == 0);
        }
        awaitCount("the slow consumer counted", slow, before + 1);
    }

    @Test
    void aPollBeyondTheLimitCountsAsRateLimitedAndRefused() {
        String cursor = Http.cursorOf(Http.get(tight.get(), "/inbox").body());
        CompletableFuture<?> held = Http.send(tight.get(), "/inbox?timeout=20&cursor=" + cursor);
        Await.stats(tight.get(), "a waiting poll", stats -> stats.waitingPolls() == 1);
        assertThat(Http.get(tight.get(), "/inbox?timeout=20&cursor=" + cursor).statusCode())
                .isEqualTo(429);
        assertThat(tightRegistry
                        .get("realtime.rate.limited")
                        .tag("limit", "maxPolls")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(tightRegistry
                        .get("realtime.refusals")
                        .tag("code", "too_many_polls")
                        .counter()
                        .count())
                .isEqualTo(1);
        tight.get().topics().get("inbox").publish(new Board.Note("release the held poll"));
        Http.await(held, "the held poll");
    }

    @SuppressWarnings("try") // the recorders' close() throws nothing checked
    private static <R extends AutoCloseable> void assertConnectionLifecycle(
            String transport, String endpoint, String topic, Opener<R> open, Reader<R> read) {
        double delivered = count("realtime.events.delivered", transport, endpoint);
        long lags = lag(transport, endpoint).count();
        long closed = duration(transport, endpoint).count();
        try (R client = open.open()) {
            Await.until(
                    "the connection counted",
                    () -> connections(transport, endpoint) == 1
                            && server.get().stats().subscriptions() == 1);
            server.get().topics().get(topic).publish(new Board.Note("measured"));
            assertThat(String.valueOf(read.next(client))).contains("measured");
            // Counted once the write returned, which the client may see before.
            awaitCount(
                    "the delivery counted",
                    () -> count("realtime.events.delivered", transport, endpoint),
                    delivered + 1);
            awaitCount(
                    "the lag recorded", () -> (double) lag(transport, endpoint).count(), (double) (lags + 1));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        Await.until("the connection no longer counted", () -> connections(transport, endpoint) == 0);
        awaitCount(
                "the duration recorded",
                () -> (double) duration(transport, endpoint).count(),
                (double) (closed + 1));
    }

    /** Waits until {@code read} gives {@code expected}, then checks that it is not more. */
    private static void awaitCount(String what, DoubleSupplier read, double expected) {
        Await.until(what, () -> read.getAsDouble() >= expected, read::getAsDouble);
        assertThat(read.getAsDouble()).isEqualTo(expected);
    }

    private static double count(String name, String transport, String endpoint) {
        Counter counter = registry.find(name)
                .tags("transport", transport, "endpoint", endpoint)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private static double refusals(String code) {
        Counter counter = registry.find("realtime.refusals").tag("code", code).counter();
        return counter == null ? 0 : counter.count();
    }

    private static double connections(String transport, String endpoint) {
        Gauge gauge = registry.find("realtime.connections")
                .tags("transport", transport, "endpoint", endpoint)
                .gauge();
        return gauge == null ? 0 : gauge.value();
    }

    private static double gauge(String name) {
        return registry.get(name).gauge().value();
    }

    private static Timer lag(String transport, String endpoint) {
        return timer("realtime.delivery.lag", transport, endpoint);
    }

    private static Timer duration(String transport, String endpoint) {
        return timer("realtime.connection.duration", transport, endpoint);
    }

    private static Timer timer(String name, String transport, String endpoint) {
        Timer timer = registry.find(name)
                .tags("transport", transport, "endpoint", endpoint)
                .timer();
        return timer != null ? timer : Timer.builder(name).register(new SimpleMeterRegistry());
    }

    private interface Opener<R> {
        R open() throws Exception;
    }

    private interface Reader<R> {
        Object next(R client) throws Exception;
    }
}
