package io.realtime.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A subscriber over a WebSocket: {@code /room/<topic>?lastEventId=<c>} with the subprotocol {@code realtime.v1}
 * (and {@code realtime.token.<token>} when it has one), reading one frame at a time, so that a pause holds the
 * server back through TCP as a slow page would (docs/protocol.md, "WebSocket"). Its pings ({@link Liveness}) tell it
 * of a connection the server closed that the JDK's client did not report.
 *
 * <p>A shared one opens {@code /realtime/mux} instead and subscribes to {@code /feed/<topic>} from its cursor over
 * it (docs/protocol.md, "Shared connections"): the same frames follow, each with the subscription's id.
 */
final class WebSocketSubscriber extends Subscriber {

    private static final String MUX = "/realtime/mux";
    private static final String SUBSCRIPTION = "s";

    private final boolean shared;
    private volatile WebSocket socket;
    private volatile Frames frames;

    /** @param shared whether it subscribes over a shared connection rather than a connection of its own */
    WebSocketSubscriber(Crowd crowd, int number, String topic, boolean shared) {
        super(crowd, number, topic);
        this.shared = shared;
    }

    @Override
    String transport() {
        return shared ? "mux" : "websocket";
    }

    @Override
    String negotiationPath() {
        return shared ? MUX : "/room/" + topic();
    }

    @Override
    void open(URI node, Position from, String token, long generation) {
        String root = "ws" + node.toString().substring("http".length());
        URI uri = shared
                ? URI.create(root + MUX)
                : URI.create(root + "/room/" + topic() + "?lastEventId="
                        + URLEncoder.encode(from.toString(), StandardCharsets.UTF_8));
        WebSocket.Builder builder = clients().http().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        if (token != null) {
            builder.subprotocols("realtime.v1", "realtime.token." + token);
        } else {
            builder.subprotocols("realtime.v1");
        }
        Frames listener = new Frames(generation, shared ? subscribe(from) : null);
        frames = listener;
        builder.buildAsync(uri, listener).whenComplete((opened, failure) -> {
            if (failure != null) {
                ended(generation, handshakeFailure(failure));
            } else if (current(generation)) {
                socket = opened;
                opened(generation);
            } else {
                opened.abort();
            }
        });
    }

    @Override
    void abort() {
        Frames current = frames;
        if (current != null) {
            current.stopWatching();
        }
        WebSocket open = socket;
        if (open != null) {
            open.abort();
        }
    }

    private String subscribe(Position from) {
        return JSON.createObjectNode()
                .set(
                        "subscribe",
                        JSON.createObjectNode()
                                .set(
                                        SUBSCRIPTION,
                                        JSON.createObjectNode()
                                                .put("path", "/feed/" + topic())
                                                .put("cursor", from.toString())))
                .toString();
    }

    private static String handshakeFailure(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && !(cause instanceof WebSocketHandshakeException)) {
            cause = cause.getCause();
        }
        return cause instanceof WebSocketHandshakeException refused
                ? "handshake status " + refused.getResponse().statusCode()
                : "handshake failed: " + rootCause(failure);
    }

    @Override
    String state() {
        WebSocket open = socket;
        Frames current = frames;
        return open == null
                ? "no socket"
                : "input " + (open.isInputClosed() ? "closed" : "open") + ", output "
                        + (open.isOutputClosed() ? "closed" : "open") + ", " + current;
    }

    /** One connection's frames. */
    private final class Frames extends Liveness.Watched {
        private final long generation;
        private final String subscribe; // the shared connection's subscribe frame, null for one of its own
        private final StringBuilder text = new StringBuilder();
        private final AtomicInteger received = new AtomicInteger();
        private volatile long lastNanos;
        private volatile boolean waiting;

        @Override
        public String toString() {
            return received + " frames, the last at " + lastNanos / 1_000_000 + " ms"
                    + (waiting ? ", a request delayed by a pause" : "");
        }

        Frames(long generation, String subscribe) {
            this.generation = generation;
            this.subscribe = subscribe;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            if (subscribe != null) {
                webSocket.sendText(subscribe, true);
            }
            watch(webSocket, clients().scheduler(), () -> !waiting, why -> {
                webSocket.abort();
                ended(generation, "dead: " + why);
            });
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence part, boolean last) {
            heard();
            received.incrementAndGet();
            lastNanos = System.nanoTime();
            text.append(part);
            if (last) {
                String whole = text.toString();
                text.setLength(0);
                try {
                    frame(webSocket, whole);
                } catch (RuntimeException e) {
                    // Counted, and the next frame still requested: a listener that stops requesting would never
                    // hear of anything again, not even the close, and its subscriber would look stuck.
                    tally().violation(name() + ": the frame " + whole + " could not be checked: " + e);
                }
            }
            long pause = pauseNanos();
            if (pause > 0) {
                waiting = true;
                clients()
                        .scheduler()
                        .schedule(
                                () -> {
                                    waiting = false;
                                    webSocket.request(1);
                                },
                                pause,
                                TimeUnit.NANOSECONDS);
            } else {
                webSocket.request(1);
            }
            return null;
        }

        private void frame(WebSocket webSocket, String json) {
            JsonNode frame;
            try {
                frame = JSON.readTree(json);
            } catch (IOException e) {
                tally().violation(name() + ": an unreadable frame " + json);
                return;
            }
            if (subscribe != null && !SUBSCRIPTION.equals(frame.path("sub").asText(SUBSCRIPTION))) {
                tally().violation(name() + ": a frame of another subscription " + json);
                return;
            }
            String name = frame.path("event").asText(null);
            if ("message".equals(name) && frame.has("id")) {
                event(generation, frame.get("id").asText(), frame.get("data").toString());
            } else if ("reset".equals(name)) {
                reset(generation, frame.path("data").path("cursor").asText());
            } else if (name == null && frame.size() == 1 && frame.has("id")) {
                tally().saw(transport() + " start"); // where the topic starts, before its first event
            } else if (frame.has("error")) {
                tally().saw(transport() + " error "
                        + frame.path("error").path("code").asText());
            } else if (subscribe != null && ("error".equals(name) || "end".equals(name))) {
                // The subscription alone ended (a node without the backplane, say): the client subscribes again,
                // from its cursor, on a new connection.
                stopWatching();
                webSocket.abort();
                ended(
                        generation,
                        "subscription " + name + " "
                                + frame.path("data").path("code").asText(""));
            } else {
                tally().saw(transport() + " frame " + name);
            }
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int code, String reason) {
            stopWatching();
            ended(generation, "close " + code);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            stopWatching();
            ended(generation, "broken: " + rootCause(error));
        }
    }
}
