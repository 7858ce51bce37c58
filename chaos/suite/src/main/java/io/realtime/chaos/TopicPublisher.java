package io.realtime.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import io.realtime.chaos.node.Tick;
import java.io.IOException;
import java.net.URI;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Publishes one topic's ticks over a WebSocket to {@code /publish/<topic>} on one node, whose replies are the
 * cursors the backplane stored them at; they go into {@link Acks}. When its connection ends, the ticks it had
 * sent without a reply have an unknown outcome (they may have been stored), and it reconnects to the other node. Its
 * pings ({@link Liveness}) tell it of a connection the server closed that the JDK's client did not report.
 *
 * <p>Thread-safe; the JDK's WebSocket takes one send at a time, so sends are queued and chained.
 */
final class TopicPublisher {

    private static final int MAX_OUTSTANDING = 20_000;

    private final String topic;
    private final Crowd crowd;
    private final Map<Long, CompletableFuture<Position>> outstanding = new ConcurrentHashMap<>();
    private final Queue<String> queue = new ArrayDeque<>(); // guarded by this
    private final PublishCounts counts;
    private WebSocket socket; // guarded by this
    private WebSocket draining; // the socket whose sends are chained now; guarded by this
    private boolean stopped; // guarded by this
    private int node;
    private long seq;

    TopicPublisher(String topic, Crowd crowd, PublishCounts counts, int node) {
        this.topic = topic;
        this.crowd = crowd;
        this.counts = counts;
        this.node = node;
    }

    void start() {
        connect();
    }

    /**
     * Publishes the next tick.
     *
     * @return its acknowledgement: the cursor it was stored at, or a failure
     */
    CompletableFuture<Position> publish() {
        CompletableFuture<Position> ack = new CompletableFuture<>();
        WebSocket start;
        synchronized (this) {
            long ref = ++seq;
            if (socket == null || outstanding.size() >= MAX_OUTSTANDING) {
                counts.refused(socket == null ? "not connected" : "too many outstanding");
                ack.completeExceptionally(new IllegalStateException("not sent"));
                return ack;
            }
            outstanding.put(ref, ack);
            String frame = "{\"ref\":" + ref + ",\"data\":" + new Tick(topic, ref).json() + "}";
            queue.add(frame);
            counts.sentOne();
            if (draining == socket) {
                return ack;
            }
            draining = socket;
            start = socket;
        }
        drain(start);
        return ack;
    }

    /** Stops publishing and closes the connection. */
    void stop() {
        WebSocket open;
        synchronized (this) {
            stopped = true;
            open = socket;
            socket = null;
        }
        if (open != null) {
            open.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        }
    }

    /** @return how many ticks await a reply */
    int outstanding() {
        return outstanding.size();
    }

    /** Sends the queued frames one after the other on {@code open}, until the queue is empty or it is replaced. */
    private void drain(WebSocket open) {
        String next;
        synchronized (this) {
            next = socket == open ? queue.poll() : null;
            if (next == null) {
                if (draining == open) {
                    draining = null;
                }
                return;
            }
        }
        open.sendText(next, true).whenComplete((sent, failure) -> drain(open));
    }

    private void connect() {
        List<URI> nodes = crowd.nodes();
        URI at = nodes.get(Math.floorMod(node, nodes.size()));
        URI uri = URI.create("ws" + at.toString().substring("http".length()) + "/publish/" + topic);
        crowd.clients()
                .http()
                .newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .subprotocols("realtime.v1")
                .buildAsync(uri, new Replies())
                .whenComplete((opened, failure) -> {
                    if (failure != null) {
                        reconnect(null);
                    }
                });
    }

    private void reconnect(WebSocket closed) {
        synchronized (this) {
            if (closed != null && socket != closed) {
                return;
            }
            socket = null;
            queue.clear();
            if (stopped) {
                return;
            }
            node++;
        }
        outstanding.forEach((ref, ack) -> {
            if (outstanding.remove(ref, ack)) {
                counts.unknownOne();
                ack.completeExceptionally(new IllegalStateException("connection lost"));
            }
        });
        long delay = 100 + ThreadLocalRandom.current().nextLong(400);
        crowd.clients().scheduler().schedule(this::connect, delay, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized String toString() {
        return topic + " publisher: " + (socket == null ? "not connected" : "connected") + " to node " + node
                + ", " + outstanding.size() + " awaiting a reply, " + queue.size() + " queued, "
                + (draining == null ? "not sending" : "sending");
    }

    /** The replies: {@code {"ref":n,"data":"<cursor>"}} or {@code {"ref":n,"error":{...}}}. */
    private final class Replies extends Liveness.Watched {
        private final StringBuilder text = new StringBuilder();

        // Before the handshake's future completes, and before any close of this socket can be reported.
        @Override
        public void onOpen(WebSocket webSocket) {
            boolean keep;
            synchronized (TopicPublisher.this) {
                keep = !stopped;
                if (keep) {
                    socket = webSocket;
                }
            }
            if (keep) {
                watch(webSocket, crowd.clients().scheduler(), () -> true, why -> {
                    webSocket.abort();
                    counts.refused("connection dead: " + why);
                    reconnect(webSocket);
                });
                webSocket.request(1);
            } else {
                webSocket.abort();
            }
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence part, boolean last) {
            heard();
            text.append(part);
            if (last) {
                reply(text.toString());
                text.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        private void reply(String json) {
            JsonNode frame;
            try {
                frame = Subscriber.JSON.readTree(json);
            } catch (IOException e) {
                counts.refused("unreadable reply");
                return;
            }
            CompletableFuture<Position> ack =
                    outstanding.remove(frame.path("ref").asLong());
            if (ack == null) {
                counts.refused("reply without a request: "
                        + frame.path("error").path("code").asText());
                return;
            }
            if (frame.has("error")) {
                counts.refused(frame.path("error").path("code").asText());
                ack.completeExceptionally(new IllegalStateException(json));
                return;
            }
            Position at = Position.of(frame.path("data").asText());
            crowd.acks().stored(topic, at, frame.path("ref").asLong());
            ack.complete(at);
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int code, String reason) {
            stopWatching();
            counts.closed(code);
            reconnect(webSocket);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            stopWatching();
            counts.closed(1006);
            reconnect(webSocket);
        }
    }
}
