package io.realtime.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A client following one topic on one transport, as a resilient application would: it learns the head before it
 * subscribes, so that every event after it is checked; it resumes from the cursor of the last event it
 * processed after anything ends its connection, on the other node; it waits a random delay below one second
 * before reconnecting (a storm's clients spread their reconnections over that second), and backs off while
 * reconnections fail. Half of the subscribers carry a tab token, valid on both nodes; all of them share one
 * browser's cookies, which the token is bound to. A refused token is dropped and the next connection negotiates a
 * new one, as {@code realtime.js} does; the run counts refusals, since a token its browser holds the cookie of
 * must be accepted by every node, restarted or not.
 *
 * <p>Every connection has a generation: callbacks of a connection the subscriber has left are ignored, as a
 * client that closed a connection reads nothing more from it. Threading: callbacks arrive on the clients'
 * threads; {@link #drop()} and {@link #pause(Duration)} come from the fault injector.
 */
abstract class Subscriber {

    static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final String topic;
    private final Ledger ledger;
    private final Clients clients;
    private final Tally tally;
    private final List<URI> nodes;
    private final boolean withToken;
    private String token; // guarded by this
    private int node; // guarded by this
    private int failures; // guarded by this
    private long generation; // guarded by this
    private boolean stopped; // guarded by this
    private volatile long pausedUntil;
    private volatile String lastEnd = "none";
    private volatile long lastOpened;

    /**
     * @param number the subscriber's number in the run: it starts on node {@code number % nodes}, and every other
     *     pair of subscribers carries a tab token
     * @param topic the topic's short name
     */
    Subscriber(Crowd crowd, int number, String topic) {
        this.name = transport() + "-" + number;
        this.topic = topic;
        this.tally = crowd.tally();
        this.ledger = new Ledger(name, topic, crowd.history(), crowd.acks(), tally);
        this.clients = crowd.clients();
        this.nodes = crowd.nodes();
        this.node = number % nodes.size();
        this.withToken = number % 4 >= 2;
    }

    /** @return the transport's name, as the report shows it */
    abstract String transport();

    /**
     * Opens a connection that resumes from {@code from}.
     *
     * @param node the node's root URI
     * @param generation the connection's generation, to pass to {@link #current}, {@link #opened} and
     *     {@link #ended}
     */
    abstract void open(URI node, Position from, String token, long generation);

    /** Abandons the current connection from the client's side, without a goodbye. */
    abstract void abort();

    /** @return what the transport knows of its connection, for reports of subscribers that fell behind */
    String state() {
        return "";
    }

    /** Starts: asks a node for the head, then subscribes from it. */
    final void start() {
        long generation;
        synchronized (this) {
            generation = this.generation;
        }
        learnHead(generation);
    }

    /** @return the subscriber's name, such as {@code sse-12} */
    final String name() {
        return name;
    }

    final String topic() {
        return topic;
    }

    final Ledger ledger() {
        return ledger;
    }

    final Clients clients() {
        return clients;
    }

    final Tally tally() {
        return tally;
    }

    /** Fault: the client drops its connection, as a network change or a closed laptop would, and comes back. */
    final void drop() {
        synchronized (this) {
            if (stopped) {
                return;
            }
            generation++;
        }
        abort();
        reconnectLater(generation(), "dropped by the client");
    }

    /** Fault: the client stops reading for a while, as a busy or throttled page would. */
    final void pause(Duration duration) {
        pausedUntil = System.nanoTime() + duration.toNanos();
    }

    /** @return how long the client still pauses, 0 when it reads */
    final long pauseNanos() {
        return Math.max(0, pausedUntil - System.nanoTime());
    }

    /** Stops for good. */
    final void stop() {
        synchronized (this) {
            stopped = true;
            generation++;
        }
        abort();
    }

    /** @return whether callbacks of {@code generation} still count */
    final synchronized boolean current(long generation) {
        return !stopped && generation == this.generation;
    }

    /** The connection of {@code generation} is open: reconnections no longer back off. */
    final synchronized void opened(long generation) {
        if (generation == this.generation) {
            failures = 0;
            lastOpened = System.nanoTime();
        }
    }

    /**
     * The connection of {@code generation} ended or failed to open; the subscriber reconnects to the other node.
     *
     * @param what what the client saw, for the report, such as {@code close 1001}
     */
    final void ended(long generation, String what) {
        boolean refused;
        synchronized (this) {
            if (stopped || generation != this.generation) {
                return;
            }
            this.generation++;
            node = (node + 1) % nodes.size();
            refused = token != null && refusesToken(what);
            if (refused) {
                token = null; // the next connection negotiates a new tab
            }
        }
        tally.saw(transport() + " " + what);
        if (refused) {
            tally.tokenRefused(name + ": its tab token was refused (" + what + ")");
        }
        reconnectLater(generation + 1, what);
    }

    /** An event of the current connection; ignored when the connection is not current. */
    final void event(long generation, String id, String data) {
        synchronized (this) {
            if (generation == this.generation && !stopped) {
                ledger.event(id, data);
            }
        }
    }

    /** A reset of the current connection; ignored when the connection is not current. */
    final void reset(long generation, String cursor) {
        synchronized (this) {
            if (generation == this.generation && !stopped) {
                ledger.reset(cursor);
            }
        }
        tally.saw(transport() + " reset");
    }

    // The only 401 and 1008 the nodes give these clients are a refused tab token's (docs/protocol.md, "Errors").
    private static boolean refusesToken(String what) {
        return what.equals("status 401") || what.equals("handshake status 401") || what.equals("close 1008");
    }

    private synchronized long generation() {
        return generation;
    }

    private void reconnectLater(long generation, String why) {
        lastEnd = why + " " + (System.nanoTime() / 1_000_000) + " ms";
        long delay;
        synchronized (this) {
            int backoff = Math.min(failures++, 3);
            delay = ThreadLocalRandom.current().nextLong(1000) + (backoff == 0 ? 0 : 250L << backoff);
        }
        clients.scheduler().schedule(() -> connect(generation), delay, TimeUnit.MILLISECONDS);
    }

    private void connect(long generation) {
        URI at;
        String tabToken;
        synchronized (this) {
            if (generation != this.generation || stopped) {
                return;
            }
            at = nodes.get(node);
            tabToken = token;
        }
        Position from = ledger.position();
        if (from == null) {
            learnHead(generation);
            return;
        }
        if (withToken && tabToken == null) {
            negotiate(at).whenComplete((renewed, failure) -> tokenThenConnect(generation, renewed, failure));
            return;
        }
        try {
            open(at, from, tabToken, generation);
        } catch (RuntimeException e) {
            ended(generation, "failed to open: " + e.getClass().getSimpleName());
        }
    }

    // A first poll without a cursor is answered at once with the head (docs/protocol.md, "Topics"); a tab token
    // comes from negotiation, which any node answers.
    private void learnHead(long generation) {
        URI at;
        synchronized (this) {
            at = nodes.get(node);
        }
        HttpRequest head = HttpRequest.newBuilder(at.resolve("/feed/" + topic + "?transport=poll&timeout=0"))
                .timeout(Duration.ofSeconds(10))
                .build();
        clients.http()
                .sendAsync(head, HttpResponse.BodyHandlers.ofString())
                .thenCompose(answer -> {
                    if (answer.statusCode() != 200) {
                        throw new IllegalStateException("status " + answer.statusCode());
                    }
                    ledger.start(Position.of(field(answer.body(), "cursor")));
                    return withToken ? negotiate(at) : CompletableFuture.completedFuture((String) null);
                })
                .whenComplete((tabToken, failure) -> tokenThenConnect(generation, tabToken, failure));
    }

    private CompletableFuture<String> negotiate(URI at) {
        HttpRequest negotiate = HttpRequest.newBuilder(at.resolve(negotiationPath()))
                .header("Accept", "application/realtime-negotiate+json")
                .timeout(Duration.ofSeconds(10))
                .build();
        return clients.http()
                .sendAsync(negotiate, HttpResponse.BodyHandlers.ofString())
                .thenApply(offer -> field(offer.body(), "token"));
    }

    private void tokenThenConnect(long generation, String tabToken, Throwable failure) {
        if (failure != null) {
            ended(generation, "start failed: " + rootCause(failure));
            return;
        }
        synchronized (this) {
            token = tabToken;
        }
        connect(generation);
    }

    /** @return the path negotiation is asked on: the endpoint this subscriber follows */
    abstract String negotiationPath();

    static String field(String json, String name) {
        try {
            JsonNode value = JSON.readTree(json).get(name);
            if (value == null || !value.isTextual()) {
                throw new IllegalStateException("no " + name + " in " + json);
            }
            return value.asText();
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + json, e);
        }
    }

    static String rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName();
    }

    @Override
    public String toString() {
        synchronized (this) {
            return name + " at " + ledger.position() + " (generation " + generation + ", on " + nodes.get(node)
                    + ", opened at " + lastOpened / 1_000_000 + " ms, last end: " + lastEnd + ", now "
                    + System.nanoTime() / 1_000_000 + " ms, " + state() + ")";
        }
    }
}
