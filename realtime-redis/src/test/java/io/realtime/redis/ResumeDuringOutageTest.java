package io.realtime.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.Connection;
import io.realtime.Duplex;
import io.realtime.PathParam;
import io.realtime.Topic;
import io.realtime.Topics;
import io.realtime.jetty.RealtimeServer;
import io.realtime.spi.StoredEvent;
import io.realtime.testing.PollEvent;
import io.realtime.testing.PollRecorder;
import io.realtime.testing.SharedRecorder;
import io.realtime.testing.SseEvent;
import io.realtime.testing.SseRecorder;
import io.realtime.testing.WebSocketRecorder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A client whose cursor this node has not seen yet, while Redis cannot be asked about it, is told to come back
 * ({@code 503 backplane_unavailable}, or close {@code 1011} with the same code) on every transport, rather than
 * reset to this node's stale head: once Redis answers again, the same cursor resumes with exactly the events after
 * it. A cursor this node knows resumes meanwhile without Redis.
 */
class ResumeDuringOutageTest {

    /** The topics of the tests, as a {@code @Duplex} endpoint too, for WebSockets. */
    public static class Rooms {

        private final Topics topics;

        public Rooms(Topics topics) {
            this.topics = topics;
        }

        @Duplex("/room/{name}")
        public Topic<Integer> join(Connection<Integer> connection, @PathParam("name") String name) {
            return topics.get(name);
        }
    }

    private static final String UNAVAILABLE = "{\"error\":{\"code\":\"backplane_unavailable\"";

    private RedisProcess redis;
    private RealtimeServer node;
    private QuietPublisher elsewhere;

    @BeforeEach
    void start() {
        redis = RedisProcess.start();
        node = Nodes.start(redis, 1000, Feeds.class, Rooms.class);
        elsewhere = new QuietPublisher(redis, 1000);
    }

    @AfterEach
    void stop() {
        elsewhere.close();
        node.close();
        redis.close();
    }

    /**
     * The node follows {@code topic} and has seen its first event; four more are stored by another node whose
     * notices never reach this one.
     *
     * @return the cursors of the five events
     */
    private List<String> laggingBehind(String topic) {
        List<String> cursors = new ArrayList<>();
        cursors.add(node.topics().get(topic).publish(0));
        for (int i = 1; i <= 4; i++) {
            StoredEvent event = elsewhere.publish(topic, Integer.toString(i));
            cursors.add(event.epoch() + ':' + event.offset());
        }
        return cursors;
    }

    @Test
    void serverSentEvents() {
        List<String> cursors = laggingBehind("sse");
        redis.freeze();
        try {
            try (SseRecorder known = node.sse("/feed/sse", cursors.get(0))) {
                assertThat(known.status()).isEqualTo(200); // known here: resumes without Redis
            }
            try (SseRecorder refused = node.sse("/feed/sse", cursors.get(1))) {
                assertThat(refused.status()).isEqualTo(503);
                refused.awaitEnd(Duration.ofSeconds(10));
                assertThat(new String(refused.raw(), StandardCharsets.UTF_8)).startsWith(UNAVAILABLE);
            }
        } finally {
            redis.wake();
        }

        try (SseRecorder sse = node.sse("/feed/sse", cursors.get(1))) {
            List<SseEvent> events = sse.next(3);
            assertThat(events).extracting(SseEvent::event).containsOnly("message");
            assertThat(events).extracting(SseEvent::id).containsExactlyElementsOf(cursors.subList(2, 5));
            sse.assertNoMoreEvents(Duration.ofMillis(300));
        }
    }

    @Test
    void longPolling() throws Exception {
        List<String> cursors = laggingBehind("poll");
        redis.freeze();
        try {
            HttpResponse<String> known = poll("/feed/poll?transport=poll&timeout=0&cursor=" + cursors.get(0));
            assertThat(known.statusCode()).as(known.body()).isIn(200, 204);
            HttpResponse<String> refused = poll("/feed/poll?transport=poll&timeout=0&cursor=" + cursors.get(1));
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
            assertThat(refused.body()).startsWith(UNAVAILABLE);
        } finally {
            redis.wake();
        }

        try (PollRecorder poll = node.poll("/feed/poll?transport=poll&timeout=5", cursors.get(1))) {
            List<PollEvent> events = poll.next(3);
            assertThat(events).extracting(PollEvent::event).containsOnly("message");
            assertThat(events).extracting(PollEvent::id).containsExactlyElementsOf(cursors.subList(2, 5));
            poll.assertNoMoreEvents(Duration.ofMillis(300));
        }
    }

    private HttpResponse<String> poll(String pathAndQuery) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(node.uri(pathAndQuery))
                .header("Accept", "application/json")
                .build();
        return node.client().send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aWebSocketWithTheCursorInItsUrl() {
        List<String> cursors = laggingBehind("ws-url");
        redis.freeze();
        try (WebSocketRecorder ws = node.webSocket("/room/ws-url?lastEventId=" + cursors.get(1))) {
            assertThat(ws.next()).startsWith(UNAVAILABLE);
            assertThat(ws.awaitClose(Duration.ofSeconds(10)))
                    .isEqualTo(new WebSocketRecorder.Close(1011, "backplane_unavailable"));
        } finally {
            redis.wake();
        }

        try (WebSocketRecorder ws = node.webSocket("/room/ws-url?lastEventId=" + cursors.get(1))) {
            assertThat(ws.nextStart()).isEqualTo(cursors.get(1));
            assertThat(ws.next(3))
                    .containsExactly(frame(cursors.get(2), 2), frame(cursors.get(3), 3), frame(cursors.get(4), 4));
        }
    }

    @Test
    void aWebSocketWithTheCursorInItsFirstFrame() {
        List<String> cursors = laggingBehind("ws-frame");
        redis.freeze();
        try (WebSocketRecorder ws = node.webSocket("/room/ws-frame")) {
            ws.send("{\"resume\":\"" + cursors.get(1) + "\"}");
            assertThat(ws.next()).startsWith(UNAVAILABLE);
            assertThat(ws.awaitClose(Duration.ofSeconds(10)))
                    .isEqualTo(new WebSocketRecorder.Close(1011, "backplane_unavailable"));
        } finally {
            redis.wake();
        }

        try (WebSocketRecorder ws = node.webSocket("/room/ws-frame")) {
            ws.send("{\"resume\":\"" + cursors.get(1) + "\"}");
            assertThat(ws.nextStart()).isEqualTo(cursors.get(1));
            assertThat(ws.next(3))
                    .containsExactly(frame(cursors.get(2), 2), frame(cursors.get(3), 3), frame(cursors.get(4), 4));
        }
    }

    @Test
    void aSubscriptionOfASharedConnection() {
        List<String> cursors = laggingBehind("mux");
        redis.freeze();
        try (SharedRecorder shared =
                SharedRecorder.of(node.client(), node.uri(), SharedRecorder.Carrier.WEBSOCKET, Map.of())) {
            shared.connect();
            shared.subscribe("lagging", "/feed/mux", cursors.get(1));
            SharedRecorder.Frame refused = shared.next("lagging");
            assertThat(refused.event()).as(refused.json()).isEqualTo("error");
            assertThat(refused.data().get("status").asInt()).isEqualTo(503);
            assertThat(refused.data().get("code").asText()).isEqualTo("backplane_unavailable");
        } finally {
            redis.wake();
        }

        try (SharedRecorder shared =
                SharedRecorder.of(node.client(), node.uri(), SharedRecorder.Carrier.WEBSOCKET, Map.of())) {
            shared.connect();
            shared.subscribe("lagging", "/feed/mux", cursors.get(1));
            List<String> ids = new ArrayList<>();
            while (ids.size() < 3) {
                SharedRecorder.Frame frame = shared.next("lagging");
                if (frame.id() != null && "message".equals(frame.event())) {
                    ids.add(frame.id());
                }
            }
            assertThat(ids).containsExactlyElementsOf(cursors.subList(2, 5));
        }
    }

    private static String frame(String id, int data) {
        return "{\"id\":\"" + id + "\",\"event\":\"message\",\"data\":" + data + "}";
    }
}
