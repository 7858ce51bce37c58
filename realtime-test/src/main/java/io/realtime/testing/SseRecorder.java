package io.realtime.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Records a Server-Sent Events stream, parsed as the WHATWG specification says a browser parses it, so that a
 * test can wait for the events it expects and fail on anything else.
 *
 * <p>Every waiting method takes a deadline and fails with an {@link AssertionError} that says what arrived
 * instead: a recorder never sleeps and never passes silently. {@link #next()} fails on a stream that ended;
 * {@link #assertNoMoreEvents(Duration)} fails on any event that arrives while it watches.
 *
 * <p>Threading: one daemon thread reads the stream; the assertion methods may be called from any one thread.
 * The raw bytes received are kept (up to 4 MiB) for byte-exact checks.
 */
public final class SseRecorder implements AutoCloseable {

    /** How long {@link #next()} waits. */
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(10);

    private static final int RAW_LIMIT = 4 << 20;
    private static final Object END = new Object();

    private final HttpResponse<InputStream> response;
    private final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
    private final ByteArrayOutputStream raw = new ByteArrayOutputStream();
    private final AtomicInteger comments = new AtomicInteger();
    private final Thread reader;
    private volatile String retry;
    private volatile String lastEventId = "";
    private volatile boolean ended;
    private volatile Throwable failure;

    private SseRecorder(HttpResponse<InputStream> response) {
        this.response = response;
        this.reader = new Thread(this::read, "sse-recorder " + response.uri().getPath());
        this.reader.setDaemon(true);
    }

    /**
     * Sends the request and starts recording. Blocks until the response headers arrive.
     *
     * @param client the client
     * @param uri the stream's URI
     * @param headers extra request headers, such as {@code Last-Event-ID}
     * @return the recorder
     */
    public static SseRecorder open(HttpClient client, URI uri, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream");
        headers.forEach(request::header);
        return open(client, request.GET().build());
    }

    /**
     * Sends any request, such as the {@code POST} that opens a shared connection's stream, and records its answer
     * as a stream. Blocks until the response headers arrive.
     *
     * @param client the client
     * @param request the request, with its {@code Accept} header
     * @return the recorder
     */
    public static SseRecorder open(HttpClient client, HttpRequest request) {
        try {
            SseRecorder recorder = new SseRecorder(client.send(request, HttpResponse.BodyHandlers.ofInputStream()));
            recorder.reader.start();
            return recorder;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not open " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@return the response status} */
    public int status() {
        return response.statusCode();
    }

    /** {@return the response headers} */
    public HttpHeaders headers() {
        return response.headers();
    }

    /** {@return the last {@code retry:} value received, or {@code null}} */
    public String retry() {
        return retry;
    }

    /** {@return the last event id buffer, as a browser would send it in {@code Last-Event-ID}} */
    public String lastEventId() {
        return lastEventId;
    }

    /** {@return how many comment lines (heartbeats) arrived} */
    public int comments() {
        return comments.get();
    }

    /** {@return every byte received so far (up to 4 MiB)} */
    public byte[] raw() {
        synchronized (raw) {
            return raw.toByteArray();
        }
    }

    /**
     * The next event, waiting up to {@link #DEFAULT_WAIT}.
     *
     * @return the event
     * @throws AssertionError if none arrives in time or the stream ended
     */
    public SseEvent next() {
        return next(DEFAULT_WAIT);
    }

    /**
     * The next event.
     *
     * @param wait how long to wait
     * @return the event
     * @throws AssertionError if none arrives in time or the stream ended
     */
    public SseEvent next(Duration wait) {
        Object item = poll(wait);
        if (item == null) {
            throw new AssertionError("No event within " + wait + " on " + response.uri() + describeState());
        }
        if (item == END) {
            received.add(END);
            throw new AssertionError("The stream ended instead of sending an event" + describeState());
        }
        return (SseEvent) item;
    }

    /**
     * The next {@code count} events, each waited for up to {@link #DEFAULT_WAIT}.
     *
     * @param count how many
     * @return the events, in order
     */
    public List<SseEvent> next(int count) {
        List<SseEvent> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            try {
                events.add(next());
            } catch (AssertionError e) {
                throw new AssertionError("After " + i + " of " + count + " events: " + e.getMessage(), e);
            }
        }
        return events;
    }

    /**
     * Watches for {@code quiet} and fails if any event arrives meanwhile.
     *
     * @param quiet how long to watch
     */
    public void assertNoMoreEvents(Duration quiet) {
        Object item = poll(quiet);
        if (item == END) {
            received.add(END);
        } else if (item != null) {
            throw new AssertionError("Expected no more events, got " + item);
        }
    }

    /**
     * Waits for the server to end the stream, failing if an event arrives first.
     *
     * @param wait how long to wait
     */
    public void awaitEnd(Duration wait) {
        Object item = poll(wait);
        if (item == END) {
            received.add(END);
            return;
        }
        throw new AssertionError(
                item == null
                        ? "The stream did not end within " + wait + describeState()
                        : "Expected the stream to end, got " + item);
    }

    /** {@return whether the server has ended the stream (or the connection broke)} */
    public boolean ended() {
        return ended;
    }

    /** Disconnects. Idempotent. */
    @Override
    public void close() {
        try {
            response.body().close();
        } catch (IOException ignored) {
            // already closed
        }
        reader.interrupt();
    }

    private Object poll(Duration wait) {
        try {
            return received.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while waiting", e);
        }
    }

    private String describeState() {
        return " (status " + status() + (ended ? ", stream ended" : "")
                + (failure != null ? ", read failed: " + failure : "") + ")";
    }

    // WHATWG HTML, 9.2.6 "Interpreting an event stream".
    private void read() {
        Parser parser = new Parser();
        byte[] buffer = new byte[8192];
        try (InputStream in = response.body()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                synchronized (raw) {
                    if (raw.size() + n <= RAW_LIMIT) {
                        raw.write(buffer, 0, n);
                    }
                }
                parser.feed(buffer, n);
            }
        } catch (IOException e) {
            failure = e;
        } finally {
            ended = true;
            received.add(END);
        }
    }

    private final class Parser {
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();
        private final StringBuilder data = new StringBuilder();
        private String event = "";
        private String id;
        private boolean idSet;
        private boolean lastWasCr;

        void feed(byte[] bytes, int length) {
            for (int i = 0; i < length; i++) {
                byte b = bytes[i];
                if (b == '\n' && lastWasCr) {
                    lastWasCr = false;
                    continue;
                }
                lastWasCr = b == '\r';
                if (b == '\n' || b == '\r') {
                    line(line.toString(StandardCharsets.UTF_8));
                    line.reset();
                } else {
                    line.write(b);
                }
            }
        }

        private void line(String text) {
            if (text.isEmpty()) {
                dispatch();
                return;
            }
            if (text.startsWith(":")) {
                comments.incrementAndGet();
                return;
            }
            int colon = text.indexOf(':');
            String field = colon < 0 ? text : text.substring(0, colon);
            String value = colon < 0 ? "" : text.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (field) {
                case "event" -> event = value;
                case "data" -> data.append(value).append('\n');
                case "id" -> {
                    if (value.indexOf('\0') < 0) {
                        lastEventId = value;
                        id = value;
                        idSet = true;
                    }
                }
                case "retry" -> {
                    if (!value.isEmpty() && value.chars().allMatch(Character::isDigit)) {
                        retry = value;
                    }
                }
                default -> {}
            }
        }

        private void dispatch() {
            if (data.length() == 0) {
                event = "";
                idSet = false;
                return;
            }
            String payload = data.substring(0, data.length() - 1);
            received.add(new SseEvent(idSet ? id : null, event.isEmpty() ? "message" : event, payload));
            data.setLength(0);
            event = "";
            idSet = false;
        }
    }
}
