package io.realtime.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A long-poll client that loops on the cursor as docs/protocol.md ("Long-poll") describes, and records every
 * event it receives, so that a test can wait for the events it expects and fail on anything else.
 *
 * <p>The loop: ask with the current cursor (none at first, unless given); on {@code 200} record the events or
 * the reset and take the answer's cursor; on {@code 204} ask again with the same cursor, after the
 * {@code Retry-After} delay if the server sent one; stop on any other status, on a broken connection, on an
 * {@code end} event, or on {@link #close()}. Resets are recorded as events named {@code reset} (see
 * {@link PollEvent}).
 *
 * <p>Every waiting method takes a deadline and fails with an {@link AssertionError} that says what arrived
 * instead. Threading: one daemon thread runs the loop; the other methods may be called from any one thread.
 */
public final class PollRecorder implements AutoCloseable {

    /** How long {@link #next()} waits. */
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(10);

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Object STOPPED = new Object();

    private final HttpClient client;
    private final URI uri;
    private final Map<String, String> headers;
    private final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
    private final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
    private final Thread loop;
    private volatile String cursor;
    private volatile String stopReason;
    private volatile boolean closed;
    private volatile CompletableFuture<HttpResponse<byte[]>> inFlight;

    private PollRecorder(HttpClient client, URI uri, String cursor, Map<String, String> headers) {
        this.client = client;
        this.uri = uri;
        this.cursor = cursor;
        this.headers = Map.copyOf(headers);
        this.loop = new Thread(this::run, "poll-recorder " + uri.getPath());
        this.loop.setDaemon(true);
    }

    /**
     * Starts looping. Returns at once; the first poll is sent on the recorder's thread.
     *
     * @param client the client
     * @param uri the endpoint, with any query (such as {@code timeout=5} or {@code transport=poll}) but no cursor
     * @param cursor the cursor to start from, or {@code null} to start from now
     * @param headers extra request headers
     * @return the recorder; close it to stop
     */
    public static PollRecorder start(HttpClient client, URI uri, String cursor, Map<String, String> headers) {
        PollRecorder recorder = new PollRecorder(client, uri, cursor, headers);
        recorder.loop.start();
        return recorder;
    }

    /** {@return the cursor the next poll sends, or {@code null} before the first answer when started without} */
    public String cursor() {
        return cursor;
    }

    /**
     * How many answers had a status.
     *
     * @param status such as 200 or 204
     * @return the count so far
     */
    public int answers(int status) {
        AtomicInteger count = statuses.get(status);
        return count == null ? 0 : count.get();
    }

    /** {@return why the loop stopped, or {@code null} while it runs} */
    public String stopReason() {
        return stopReason;
    }

    /**
     * The next event, waiting up to {@link #DEFAULT_WAIT}.
     *
     * @return the event
     * @throws AssertionError if none arrives in time or the loop stopped
     */
    public PollEvent next() {
        return next(DEFAULT_WAIT);
    }

    /**
     * The next event.
     *
     * @param wait how long to wait
     * @return the event
     * @throws AssertionError if none arrives in time or the loop stopped
     */
    public PollEvent next(Duration wait) {
        Object item = poll(wait);
        if (item == null) {
            throw new AssertionError("No event within " + wait + " from " + uri + describe());
        }
        if (item == STOPPED) {
            received.add(STOPPED);
            throw new AssertionError("The poll loop stopped instead of receiving an event" + describe());
        }
        return (PollEvent) item;
    }

    /**
     * The next {@code count} events, each waited for up to {@link #DEFAULT_WAIT}.
     *
     * @param count how many
     * @return the events, in order
     */
    public List<PollEvent> next(int count) {
        List<PollEvent> events = new ArrayList<>(count);
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
        if (item == STOPPED) {
            received.add(STOPPED);
        } else if (item != null) {
            throw new AssertionError("Expected no more events, got " + item);
        }
    }

    /**
     * Waits for the loop to stop, failing if an event arrives first.
     *
     * @param wait how long to wait
     * @return why it stopped
     */
    public String awaitStop(Duration wait) {
        Object item = poll(wait);
        if (item == STOPPED) {
            received.add(STOPPED);
            return stopReason;
        }
        throw new AssertionError(
                item == null
                        ? "The poll loop did not stop within " + wait + describe()
                        : "Expected a stop, got " + item);
    }

    /** Stops the loop and abandons the poll in flight. Idempotent. */
    @Override
    public void close() {
        closed = true;
        CompletableFuture<?> pending = inFlight;
        if (pending != null) {
            pending.cancel(true);
        }
        loop.interrupt();
    }

    private void run() {
        try {
            while (!closed && stopReason == null) {
                HttpRequest.Builder request =
                        HttpRequest.newBuilder(withCursor()).header("Accept", "application/json");
                headers.forEach(request::header);
                inFlight = client.sendAsync(request.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
                handle(inFlight.get());
            }
        } catch (InterruptedException e) {
            stop("closed");
        } catch (ExecutionException | IOException | RuntimeException e) {
            stop(closed ? "closed" : "failed: " + (e.getCause() != null ? e.getCause() : e));
        }
        stop("closed");
    }

    private void handle(HttpResponse<byte[]> response) throws IOException, InterruptedException {
        int status = response.statusCode();
        statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
        if (status == 204) {
            String retryAfter = response.headers().firstValue("Retry-After").orElse(null);
            if (retryAfter != null) {
                TimeUnit.SECONDS.sleep(Long.parseLong(retryAfter)); // as the server asked; close() interrupts
            }
            return;
        }
        String body = new String(response.body(), StandardCharsets.UTF_8);
        if (status != 200) {
            stop("status " + status + ' ' + body);
            return;
        }
        JsonNode answer = MAPPER.readTree(body);
        String next = answer.path("cursor").asText(null);
        if (next == null) {
            stop("answer without a cursor: " + body);
            return;
        }
        if (answer.path("reset").asBoolean(false)) {
            received.add(new PollEvent(next, "reset", "{\"cursor\":" + MAPPER.writeValueAsString(next) + "}"));
        } else {
            for (JsonNode event : answer.path("events")) {
                String id = event.path("id").asText(null);
                PollEvent recorded = new PollEvent(
                        id, event.path("event").asText(), event.path("data").toString());
                received.add(recorded);
                if (recorded.event().equals("end")) { // a per-client stream's, or a run's with its cursor
                    stop("end");
                }
            }
        }
        cursor = next;
    }

    private URI withCursor() {
        String c = cursor;
        if (c == null) {
            return uri;
        }
        String query = "cursor=" + URLEncoder.encode(c, StandardCharsets.UTF_8);
        return URI.create(uri + (uri.getRawQuery() == null ? "?" : "&") + query);
    }

    private void stop(String reason) {
        if (stopReason == null) {
            stopReason = reason;
            received.add(STOPPED);
        }
    }

    private Object poll(Duration wait) {
        try {
            return received.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while waiting", e);
        }
    }

    private String describe() {
        return " (cursor " + cursor + ", answers " + statuses + (stopReason != null ? ", stopped: " + stopReason : "")
                + ")";
    }
}
