package io.realtime.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A WebSocket client for benchmarks: it follows a topic whose events carry {@code "seq"} and {@code "sent"} (a
 * {@link System#nanoTime()} of the same JVM) in their data, and records each tick's sequence number and latency as it
 * arrives, without a thread of its own and without keeping the frames. Many share one {@link HttpClient}, whose one
 * selector thread reads all their sockets: give each a hundred or so, or that thread becomes the latency measured.
 */
public final class TickSocket implements WebSocket.Listener {

    private static final Pattern SEQ = Pattern.compile("\"seq\":(\\d+)");
    private static final Pattern SENT = Pattern.compile("\"sent\":(\\d+)");
    private static final String SUBSCRIBED = "\"event\":\"subscribed\"";

    /**
     * One tick as it arrived.
     *
     * @param seq its sequence number
     * @param latencyNanos from {@code sent} to its arrival
     * @param receivedNanos when it arrived, by {@link System#nanoTime()}
     */
    public record Tick(int seq, long latencyNanos, long receivedNanos) {}

    private final List<Tick> ticks = new ArrayList<>();
    private final AtomicLong count = new AtomicLong();
    private final AtomicLong subscribed = new AtomicLong();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket socket;

    private TickSocket() {}

    /**
     * Opens a WebSocket with the subprotocol {@code realtime.v1}, waiting up to 20 seconds for the handshake.
     *
     * @param http the client whose selector thread reads it
     * @param uri a {@code ws://} URI of a {@code @Duplex} endpoint
     * @return the socket, open
     */
    public static TickSocket open(HttpClient http, URI uri) {
        TickSocket client = new TickSocket();
        client.socket = http.newWebSocketBuilder()
                .subprotocols(WebSocketRecorder.SUBPROTOCOL)
                .buildAsync(uri, client)
                .orTimeout(20, TimeUnit.SECONDS)
                .join();
        return client;
    }

    /**
     * Sends a text frame, such as the {@code subscribe} of a shared connection, waiting up to 20 seconds.
     *
     * @param text the frame's text
     */
    public void send(String text) {
        socket.sendText(text, true).orTimeout(20, TimeUnit.SECONDS).join();
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            long now = System.nanoTime();
            Matcher seq = SEQ.matcher(partial);
            Matcher sent = SENT.matcher(partial);
            if (seq.find() && sent.find()) {
                Tick tick = new Tick(Integer.parseInt(seq.group(1)), now - Long.parseLong(sent.group(1)), now);
                synchronized (this) {
                    ticks.add(tick);
                }
                count.incrementAndGet();
            } else if (partial.indexOf(SUBSCRIBED) >= 0) {
                subscribed.incrementAndGet();
            }
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    /**
     * @return how many {@code subscribed} frames arrived on a shared connection: each says that its subscription
     *     follows its topic from then on, so a publish after it reaches the subscription
     */
    public long subscribed() {
        return subscribed.get();
    }

    /** @return how many ticks arrived */
    public long count() {
        return count.get();
    }

    /**
     * @param seqs which sequence numbers to return
     * @return the ticks that arrived with one, in the order they arrived
     */
    public synchronized List<Tick> ticks(IntPredicate seqs) {
        return ticks.stream().filter(tick -> seqs.test(tick.seq())).toList();
    }

    /** Drops the connection at once, without a closing handshake. */
    public void close() {
        socket.abort();
    }
}
