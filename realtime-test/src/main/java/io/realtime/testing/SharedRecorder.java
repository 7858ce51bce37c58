package io.realtime.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A client of a shared connection ({@code /realtime/mux}, docs/protocol.md "Shared connections") over one transport,
 * which records the frames of every subscription in arrival order, in the protocol's JSON form whatever the
 * transport, so that one test reads the same on all three:
 *
 * <pre>{@code
 * try (SharedRecorder shared = SharedRecorder.of(client, server.uri(), SharedRecorder.Carrier.SSE, Map.of())) {
 *     shared.subscribe("prices", "/prices/ACME").subscribe("chat", "/chat/lobby").connect();
 *     assertThat(shared.next("prices").event()).isEqualTo("subscribed");
 * }
 * }</pre>
 *
 * <p>Like {@code realtime.js}, it keeps the set of subscriptions and each one's last cursor: the connection opens with
 * the whole set, {@link #subscribe} and {@link #unsubscribe} change it while open (a frame over WebSocket, a control
 * {@code POST} over Server-Sent Events, the next poll over long-poll), {@code end} and {@code error} remove a
 * subscription, and {@link #reconnect()} opens a new connection with the set, each subscription from its cursor.
 *
 * <p>Threading: one daemon thread per connection receives; the other methods may be called from any one thread.
 * Every wait has a deadline and fails with an {@link AssertionError} that says what arrived instead.
 */
public final class SharedRecorder implements AutoCloseable {

    /** How long {@link #next()} waits. */
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(10);

    /** The path of shared connections, relative to the application's context. */
    public static final String PATH = "/realtime/mux";

    static final ObjectMapper JSON = new ObjectMapper();

    /** The transport that carries the connection. */
    public enum Carrier {
        /** A WebSocket: frames both ways. */
        WEBSOCKET,
        /** A Server-Sent Events stream opened by {@code POST}, changed by control {@code POST}s. */
        SSE,
        /** Polls, each carrying the whole set. */
        POLL
    }

    /**
     * One frame of the connection, as a WebSocket carries it.
     *
     * @param sub the subscription, or {@code null} for a frame of the connection itself
     * @param id the cursor of a topic event or reset, or {@code null}
     * @param event the event's name, or {@code null} for a reply
     * @param data the event's or reply's data, or {@code null}
     * @param ref the {@code ref} of a reply, or {@code null}
     * @param error the error of an error reply, or {@code null}
     * @param json the frame as JSON text
     */
    public record Frame(String sub, String id, String event, JsonNode data, Long ref, JsonNode error, String json) {

        static Frame of(JsonNode frame) {
            return new Frame(
                    text(frame, "sub"),
                    text(frame, "id"),
                    text(frame, "event"),
                    frame.get("data"),
                    frame.hasNonNull("ref") ? frame.get("ref").asLong() : null,
                    frame.get("error"),
                    frame.toString());
        }

        private static String text(JsonNode frame, String member) {
            return frame.hasNonNull(member) ? frame.get(member).asText() : null;
        }
    }

    private final HttpClient client;
    private final URI root;
    private final Carrier carrier;
    private final Map<String, String> headers;
    private final Map<String, ObjectNode> set = new LinkedHashMap<>(); // guarded by this
    private final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
    private SharedCarriers.Connection connection; // guarded by this
    private long generations; // guarded by this: the connection whose reports count

    private SharedRecorder(HttpClient client, URI root, Carrier carrier, Map<String, String> headers) {
        this.client = client;
        this.root = root;
        this.carrier = carrier;
        this.headers = Map.copyOf(headers);
    }

    /**
     * A client, not yet connected: add subscriptions, then {@link #connect()}.
     *
     * @param client the HTTP client of every request and handshake
     * @param root the application's root, such as {@code http://127.0.0.1:41234/app}
     * @param carrier the transport
     * @param headers extra headers of every request and handshake, such as {@code Realtime-Token}
     * @return the client
     */
    public static SharedRecorder of(HttpClient client, URI root, Carrier carrier, Map<String, String> headers) {
        return new SharedRecorder(client, root, carrier, headers);
    }

    /** @return the transport */
    public Carrier carrier() {
        return carrier;
    }

    /**
     * Adds a subscription from now; see {@link #subscribe(String, String, String, String)}.
     *
     * @param sub its id
     * @param path the endpoint's path
     * @return this client
     */
    public SharedRecorder subscribe(String sub, String path) {
        return subscribe(sub, path, null, null);
    }

    /**
     * Adds a subscription resuming from {@code cursor}; see {@link #subscribe(String, String, String, String)}.
     *
     * @param sub its id
     * @param path the endpoint's path
     * @param cursor where to resume, or {@code null} for from now
     * @return this client
     */
    public SharedRecorder subscribe(String sub, String path, String cursor) {
        return subscribe(sub, path, cursor, null);
    }

    /**
     * Adds a subscription to the set; sent at once when connected.
     *
     * @param sub its id
     * @param path the endpoint's path
     * @param cursor where to resume, or {@code null} for from now
     * @param token the tab token of the tab it belongs to, or {@code null} for the connection's
     * @return this client
     */
    public SharedRecorder subscribe(String sub, String path, String cursor, String token) {
        ObjectNode wanted = JSON.createObjectNode().put("path", path);
        if (cursor != null) {
            wanted.put("cursor", cursor);
        }
        if (token != null) {
            wanted.put("token", token);
        }
        SharedCarriers.Connection now;
        synchronized (this) {
            set.put(sub, wanted);
            now = connection;
        }
        if (now != null) {
            ObjectNode change = JSON.createObjectNode();
            change.putObject("subscribe").set(sub, wanted);
            now.change(change);
        }
        return this;
    }

    /**
     * Ends a subscription: removed from the set, and the server told at once when connected.
     *
     * @param sub its id
     */
    public void unsubscribe(String sub) {
        SharedCarriers.Connection now;
        synchronized (this) {
            set.remove(sub);
            now = connection;
        }
        if (now != null) {
            ObjectNode change = JSON.createObjectNode();
            change.putArray("unsubscribe").add(sub);
            now.change(change);
        }
    }

    /**
     * Stops the run a subscription follows (docs/protocol.md, "Runs"): a control frame {@code {"stop":[sub]}}, sent
     * at once; the subscription stays in the set and hears the run's {@code end}.
     *
     * @param sub its id
     * @throws IllegalStateException when not connected
     */
    public void stop(String sub) {
        SharedCarriers.Connection now;
        synchronized (this) {
            now = connection;
        }
        if (now == null) {
            throw new IllegalStateException("Not connected");
        }
        ObjectNode change = JSON.createObjectNode();
        change.putArray("stop").add(sub);
        now.change(change);
    }

    /**
     * Opens the connection with the set; blocks until the server answered the opening request or handshake.
     *
     * @return this client
     */
    public SharedRecorder connect() {
        long generation;
        synchronized (this) {
            generation = ++generations;
        }
        SharedCarriers.Connection opened = SharedCarriers.open(
                client, root, carrier, headers, this::subscriptions, item -> received(generation, item));
        synchronized (this) {
            connection = opened;
        }
        return this;
    }

    /**
     * Drops the connection without a word, as a network failure would; what the dropped connection still reports is
     * ignored, as a client ignores a connection it gave up. {@link #connect()} opens a new one with the set.
     *
     * @return this client
     */
    public SharedRecorder drop() {
        SharedCarriers.Connection old;
        synchronized (this) {
            old = connection;
            connection = null;
            generations++;
        }
        if (old != null) {
            old.close();
        }
        return this;
    }

    /**
     * Drops the connection without a word, as a network failure would, and opens a new one with the set.
     *
     * @return this client
     */
    public SharedRecorder reconnect() {
        return drop().connect();
    }

    /**
     * Sends a message to a {@code @Duplex} subscription: a frame over WebSocket, a {@code POST} to the endpoint's own
     * path otherwise (docs/protocol.md, "Upstream"). The reply is recorded as a frame of the subscription.
     *
     * @param sub the subscription
     * @param ref the message's number
     * @param data the message's data as JSON
     */
    public void send(String sub, long ref, String data) {
        String path;
        SharedCarriers.Connection now;
        synchronized (this) {
            path = set.containsKey(sub) ? set.get(sub).get("path").asText() : null;
            now = connection;
        }
        if (path == null || now == null) {
            throw new IllegalStateException("No subscription " + sub + " on an open connection");
        }
        now.send(sub, path, ref, data);
    }

    /** @return the set as the next opening request or poll carries it: {@code {"<sub>":{"path","cursor"}}} */
    public synchronized ObjectNode subscriptions() {
        ObjectNode copy = JSON.createObjectNode();
        set.forEach((sub, wanted) -> copy.set(sub, wanted.deepCopy()));
        return copy;
    }

    /**
     * The last cursor held for a subscription.
     *
     * @param sub the subscription
     * @return the cursor, or {@code null}
     */
    public synchronized String cursor(String sub) {
        ObjectNode wanted = set.get(sub);
        return wanted == null || !wanted.hasNonNull("cursor")
                ? null
                : wanted.get("cursor").asText();
    }

    /** @return the name of the connection (Server-Sent Events) or its last cursor (long-poll), or {@code null} */
    public String connection() {
        SharedCarriers.Connection now = connection;
        return now == null ? null : now.name();
    }

    /**
     * The next frame, waiting up to {@link #DEFAULT_WAIT}.
     *
     * @return the frame
     */
    public Frame next() {
        return next(DEFAULT_WAIT);
    }

    /**
     * The next frame, of any subscription.
     *
     * @param wait how long to wait
     * @return the frame
     * @throws AssertionError if none arrives in time, or the connection ended first
     */
    public Frame next(Duration wait) {
        Object item;
        try {
            item = received.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while waiting", e);
        }
        if (item == null) {
            throw new AssertionError("No frame within " + wait + " on a shared connection over " + carrier);
        }
        if (item instanceof Frame frame) {
            return frame;
        }
        throw new AssertionError("The shared connection over " + carrier + " ended: " + item);
    }

    /**
     * The next {@code count} frames, in arrival order.
     *
     * @param count how many
     * @return the frames
     */
    public List<Frame> next(int count) {
        List<Frame> frames = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            frames.add(next());
        }
        return frames;
    }

    /**
     * The next frame, which must be one of {@code sub}.
     *
     * @param sub the subscription
     * @return the frame
     */
    public Frame next(String sub) {
        Frame frame = next();
        if (!sub.equals(frame.sub())) {
            throw new AssertionError("Expected a frame of " + sub + ", got " + frame.json());
        }
        return frame;
    }

    /**
     * Fails if any frame arrives within {@code quiet}.
     *
     * @param quiet how long to listen
     */
    public void assertNoMoreFrames(Duration quiet) {
        Object item;
        try {
            item = received.poll(quiet.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while waiting", e);
        }
        if (item instanceof Frame frame) {
            throw new AssertionError("Expected no more frames, got " + frame.json());
        }
    }

    /** Closes the connection. Idempotent. */
    @Override
    public void close() {
        SharedCarriers.Connection old;
        synchronized (this) {
            old = connection;
            connection = null;
        }
        if (old != null) {
            old.close();
        }
    }

    /** A frame arrived: keep the cursor and the set as the client would, and record it. */
    private void received(long generation, Object item) {
        synchronized (this) {
            if (generation != generations) {
                return;
            }
        }
        if (item instanceof Frame frame && frame.sub() != null) {
            synchronized (this) {
                ObjectNode wanted = set.get(frame.sub());
                if (wanted != null) {
                    if ("end".equals(frame.event()) || "error".equals(frame.event())) {
                        set.remove(frame.sub());
                    } else if (frame.id() != null) {
                        wanted.put("cursor", frame.id());
                    } else if ("subscribed".equals(frame.event())
                            && frame.data() != null
                            && frame.data().hasNonNull("cursor")
                            && !wanted.hasNonNull("cursor")) {
                        wanted.put("cursor", frame.data().get("cursor").asText());
                    }
                }
            }
        }
        received.add(item);
    }
}
