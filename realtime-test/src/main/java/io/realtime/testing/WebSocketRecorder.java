package io.realtime.testing;

import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Records a WebSocket to a {@code @Duplex} endpoint, offering the {@code realtime.v1} subprotocol, so that a test
 * can send frames, wait for the frames it expects, and fail on anything else.
 *
 * <pre>{@code
 * try (WebSocketRecorder chat = server.webSocket("/chat/lobby")) {
 *     chat.send("{\"ref\":1,\"data\":{\"text\":\"hi\"}}");
 *     assertThat(chat.next()).isEqualTo("{\"ref\":1,\"data\":{\"ok\":true}}");
 *     chat.assertNoMoreFrames(Duration.ofMillis(200));
 * }
 * }</pre>
 *
 * <p>Every waiting method takes a deadline and fails with an {@link AssertionError} that says what arrived
 * instead: {@link #next()} fails on a closed socket or a binary frame, {@link #assertNoMoreFrames(Duration)} on
 * any frame, {@link #awaitClose(Duration)} on a frame that comes before the close. Pings are answered with pongs
 * by the JDK client, as browsers do.
 *
 * <p>Threading: the JDK's WebSocket thread records; the other methods may be called from any one thread.
 * Received frames are kept until taken, and in the {@link #transcript()} until the recorder is closed, so record
 * only as much as a test expects.
 */
public final class WebSocketRecorder implements AutoCloseable {

    /** How long {@link #next()} waits. */
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(10);

    /** The subprotocol of the realtime protocol, version 1. */
    public static final String SUBPROTOCOL = "realtime.v1";

    /**
     * How the connection ended.
     *
     * @param code the close code (RFC 6455 §7.4), {@code 1006} when it broke without a close frame
     * @param reason the close reason, or what broke
     */
    public record Close(int code, String reason) {}

    private static final Pattern START = Pattern.compile("\\{\"id\":\"([A-Za-z0-9_-]{1,64}:[0-9]+)\"}");

    private final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> starts = new LinkedBlockingQueue<>();
    private final List<String> transcript = Collections.synchronizedList(new ArrayList<>());
    private final URI uri;
    private WebSocket socket;
    private volatile Close close;
    private volatile boolean paused;
    private boolean requestPending; // guarded by this

    private WebSocketRecorder(URI uri) {
        this.uri = uri;
    }

    /**
     * Connects and starts recording. Blocks until the handshake completes.
     *
     * @param client the client
     * @param uri the endpoint's {@code ws://} URI, with any query
     * @param headers extra handshake headers, such as {@code Origin}
     * @return the recorder
     * @throws UncheckedIOException if the handshake fails; its cause is a {@link WebSocketHandshakeException}
     *     when the server answered with something other than {@code 101}
     */
    public static WebSocketRecorder open(HttpClient client, URI uri, Map<String, String> headers) {
        return open(client, uri, headers, List.of(SUBPROTOCOL));
    }

    /**
     * Connects offering the given subprotocols, such as {@code realtime.v1} and {@code realtime.token.<token>},
     * and starts recording. Blocks until the handshake completes.
     *
     * @param client the client
     * @param uri the endpoint's {@code ws://} URI, with any query
     * @param headers extra handshake headers, such as {@code Origin}
     * @param subprotocols the subprotocols offered, the preferred first; at least one
     * @return the recorder
     * @throws UncheckedIOException if the handshake fails; its cause is a {@link WebSocketHandshakeException}
     *     when the server answered with something other than {@code 101}
     */
    public static WebSocketRecorder open(
            HttpClient client, URI uri, Map<String, String> headers, List<String> subprotocols) {
        WebSocketRecorder recorder = new WebSocketRecorder(uri);
        WebSocket.Builder builder = client.newWebSocketBuilder()
                .subprotocols(
                        subprotocols.get(0),
                        subprotocols.subList(1, subprotocols.size()).toArray(String[]::new))
                .connectTimeout(Duration.ofSeconds(5));
        headers.forEach(builder::header);
        try {
            recorder.socket = builder.buildAsync(uri, recorder.new Listener()).get(10, TimeUnit.SECONDS);
            return recorder;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof java.io.IOException io) {
                throw new UncheckedIOException("WebSocket handshake with " + uri + " failed", io);
            }
            throw new IllegalStateException("WebSocket handshake with " + uri + " failed", e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("No WebSocket handshake answer from " + uri + " within 10 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Attempts a handshake and reports the server's answer, closing at once if it succeeded.
     *
     * @param client the client
     * @param uri the endpoint's {@code ws://} URI
     * @param headers extra handshake headers, such as {@code Origin}
     * @return {@code 101} when the server accepted the upgrade, otherwise its HTTP status
     */
    public static int handshakeStatus(HttpClient client, URI uri, Map<String, String> headers) {
        try {
            open(client, uri, headers).close();
            return 101;
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                return refused.getResponse().statusCode();
            }
            throw e;
        }
    }

    /** {@return the subprotocol the server selected, empty when none} */
    public String subprotocol() {
        return socket.getSubprotocol();
    }

    /**
     * Sends a text frame and waits until it is written.
     *
     * @param text the frame, such as {@code {"ref":1,"data":{...}}}
     */
    public void send(String text) {
        await(socket.sendText(text, true), "sending text");
    }

    /**
     * Sends one fragment of a text message (RFC 6455 §5.4) and waits until it is written.
     *
     * @param text the fragment
     * @param last whether it ends the message
     */
    public void sendPart(String text, boolean last) {
        await(socket.sendText(text, last), "sending a fragment");
    }

    /**
     * Sends a binary frame and waits until it is written.
     *
     * @param bytes the frame's payload
     */
    public void sendBinary(byte[] bytes) {
        await(socket.sendBinary(ByteBuffer.wrap(bytes), true), "sending binary");
    }

    /**
     * The next text frame, waiting up to {@link #DEFAULT_WAIT}.
     *
     * @return the frame
     * @throws AssertionError if none arrives in time, the socket closed, or a binary frame came
     */
    public String next() {
        return next(DEFAULT_WAIT);
    }

    /**
     * The next text frame.
     *
     * @param wait how long to wait
     * @return the frame
     * @throws AssertionError if none arrives in time, the socket closed, or a binary frame came
     */
    public String next(Duration wait) {
        Object item = poll(wait);
        if (item instanceof String text) {
            return text;
        }
        if (item == null) {
            throw new AssertionError("No frame within " + wait + " on " + uri + state());
        }
        if (item instanceof Close closed) {
            received.add(closed);
            throw new AssertionError("The WebSocket closed instead of sending a frame: " + closed);
        }
        throw new AssertionError("Expected a text frame, got a binary one of " + ((byte[]) item).length + " bytes");
    }

    /**
     * The cursor of the next frame that tells where the connection's topic starts, {@code {"id":"<cursor>"}}, which
     * the server sends before any event of the topic (docs/protocol.md, "Resuming"), waiting up to
     * {@link #DEFAULT_WAIT}. Such frames carry no event, so, as a browser client does, the recorder keeps them
     * apart: {@link #next()} never returns one, and {@link #transcript()} shows where they came.
     *
     * @return its cursor
     * @throws AssertionError if none arrives in time
     */
    public String nextStart() {
        try {
            String cursor = starts.poll(DEFAULT_WAIT.toNanos(), TimeUnit.NANOSECONDS);
            if (cursor == null) {
                throw new AssertionError(
                        "No {\"id\":\"<cursor>\"} frame within " + DEFAULT_WAIT + " on " + uri + state());
            }
            return cursor;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted", e);
        }
    }

    /**
     * Every text frame received so far, in order, those that tell where the topic starts included.
     *
     * @return a copy
     */
    public List<String> transcript() {
        synchronized (transcript) {
            return List.copyOf(transcript);
        }
    }

    /**
     * The next {@code count} text frames, each waited for up to {@link #DEFAULT_WAIT}.
     *
     * @param count how many
     * @return the frames, in order
     */
    public List<String> next(int count) {
        List<String> frames = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            try {
                frames.add(next());
            } catch (AssertionError e) {
                throw new AssertionError("After " + i + " of " + count + " frames: " + e.getMessage(), e);
            }
        }
        return frames;
    }

    /**
     * Watches for {@code quiet} and fails if any frame arrives meanwhile; a close is not a frame.
     *
     * @param quiet how long to watch
     */
    public void assertNoMoreFrames(Duration quiet) {
        Object item = poll(quiet);
        if (item instanceof Close closed) {
            received.add(closed);
        } else if (item != null) {
            throw new AssertionError("Expected no more frames, got " + describe(item));
        }
    }

    /**
     * Waits for the connection to end, failing if a frame arrives first.
     *
     * @param wait how long to wait
     * @return how it ended
     */
    public Close awaitClose(Duration wait) {
        return awaitClose(wait, frame -> false);
    }

    /**
     * Waits for the connection to end, reading past the text frames {@code passing} accepts (events the server sends
     * whenever it likes, such as presence), and failing if any other frame arrives first.
     *
     * @param wait how long to wait in all
     * @param passing which text frames may come before the close
     * @return how it ended
     */
    public Close awaitClose(Duration wait, Predicate<String> passing) {
        long deadline = System.nanoTime() + wait.toNanos();
        for (; ; ) {
            Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            Object item = poll(left);
            if (item instanceof String text && passing.test(text)) {
                continue;
            }
            if (item instanceof Close closed) {
                received.add(closed);
                return closed;
            }
            throw new AssertionError(
                    item == null
                            ? "The WebSocket did not close within " + wait + state()
                            : "Expected the WebSocket to close, got " + describe(item));
        }
    }

    /** {@return whether the server may still send: no close frame received and the connection is not broken} */
    public boolean isOpen() {
        return close == null && !socket.isInputClosed();
    }

    /**
     * Fault injection: stops reading, as a client that hangs would. Frames, pings included, stay unread, so the
     * server's writes back up once the network buffers are full, and pings go unanswered.
     */
    public void pauseReading() {
        paused = true;
    }

    /** Reads again after {@link #pauseReading()}. */
    public void resumeReading() {
        boolean request;
        synchronized (this) {
            paused = false;
            request = requestPending;
            requestPending = false;
        }
        if (request) {
            socket.request(1);
        }
    }

    /** Drops the connection without a close frame, as a crashing client would. Idempotent. */
    public void abort() {
        if (socket != null) {
            socket.abort();
        }
    }

    /** Closes with {@code 1000}, waiting briefly for the server's answer, then drops the connection. Idempotent. */
    @Override
    public void close() {
        if (socket == null) {
            return;
        }
        if (close == null && !socket.isOutputClosed()) {
            try {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(2, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                // Already broken: aborting below is all that is left.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        socket.abort();
    }

    private Object poll(Duration wait) {
        try {
            return received.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while waiting", e);
        }
    }

    private void await(CompletableFuture<WebSocket> sending, String what) {
        try {
            sending.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("Failed " + what + " on " + uri + state(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("Timed out " + what + " on " + uri, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted " + what, e);
        }
    }

    private String state() {
        return close == null ? "" : " (closed: " + close + ")";
    }

    private static String describe(Object item) {
        return item instanceof byte[] bytes ? "a binary frame of " + bytes.length + " bytes" : String.valueOf(item);
    }

    private void requestNext(WebSocket webSocket) {
        synchronized (this) {
            if (paused) {
                requestPending = true;
                return;
            }
        }
        webSocket.request(1);
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();
        private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                String frame = text.toString();
                transcript.add(frame);
                Matcher start = START.matcher(frame);
                if (start.matches()) {
                    starts.add(start.group(1));
                } else {
                    received.add(frame);
                }
                text.setLength(0);
            }
            requestNext(webSocket);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            binary.writeBytes(bytes);
            if (last) {
                received.add(binary.toByteArray());
                binary.reset();
            }
            requestNext(webSocket);
            return null;
        }

        @Override
        public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
            requestNext(webSocket); // the JDK answers the ping itself
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
            requestNext(webSocket);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            ended(new Close(statusCode, reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            ended(new Close(1006, String.valueOf(error)));
        }

        private void ended(Close closed) {
            if (close == null) {
                close = closed;
                received.add(closed);
            }
        }
    }
}
