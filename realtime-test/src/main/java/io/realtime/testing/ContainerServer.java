package io.realtime.testing;

import io.realtime.Topics;
import io.realtime.runtime.Realtime;
import io.realtime.runtime.RealtimeStats;
import jakarta.servlet.ServletContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.Map;

/**
 * A servlet container serving one web application on a free port of 127.0.0.1, for tests: the same methods
 * whichever container runs, so that a test written against this interface runs unchanged on each of them.
 *
 * <pre>{@code
 * try (ContainerServer server = ContainerServer.builder().services(Market.class).start();
 *         SseRecorder prices = server.sse("/prices/ACME")) {
 *     server.topics().get("prices:ACME").publish(new Price(42));
 *     assertThat(prices.next().data()).isEqualTo("{\"value\":42}");
 * }
 * }</pre>
 *
 * <p>{@link #builder()} starts whichever container kit is on the test class path ({@code realtime-jetty-test}
 * or {@code realtime-tomcat-test}); each kit also has its own class with container-specific extras.
 *
 * <p>Threading: {@code start} blocks until the server listens; {@link #stopApplication()},
 * {@link #startApplication()} and {@link #close()} block until done. The recorders' methods may be called
 * from any one thread.
 */
public interface ContainerServer extends AutoCloseable {

    /**
     * A builder for the one container kit on the class path.
     *
     * @return a new builder
     * @throws IllegalStateException if no container kit, or more than one, is on the class path
     */
    static ServerBuilder<?, ?> builder() {
        return Container.only().builder();
    }

    /**
     * Which container this is, as it names itself.
     *
     * @return such as {@code Apache Tomcat/11.0.27} or {@code jetty/12.1.12}
     */
    String serverInfo();

    /**
     * The application's root, such as {@code http://127.0.0.1:41234} (with the context path, if any).
     *
     * @return the base URI
     */
    URI uri();

    /**
     * An absolute URI for a context-relative path.
     *
     * @param path such as {@code /prices/ACME?transport=poll}
     * @return the URI
     */
    default URI uri(String path) {
        return URI.create(uri() + path);
    }

    /**
     * The {@code ws://} URI of a context-relative path.
     *
     * @param path such as {@code /chat/lobby}
     * @return the URI
     */
    default URI webSocketUri(String path) {
        return URI.create("ws" + uri().toString().substring("http".length()) + path);
    }

    /**
     * The HTTP/1.1 client the recorders use; tests may send their own requests with it.
     *
     * @return the client
     */
    HttpClient client();

    /**
     * The application's servlet context, as it is now: after {@link #startApplication()} it may be another
     * object than before.
     *
     * @return the context
     */
    ServletContext servletContext();

    /**
     * The application's topics, to publish from the test (programmatic deployments).
     *
     * @return the topics
     * @throws IllegalStateException if the runtime does not run in the application
     */
    default Topics topics() {
        return Topics.from(servletContext());
    }

    /**
     * What the runtime holds now: connections, subscriptions, topics, queued messages, tasks, waiting polls, tabs
     * and followed cookie sessions.
     *
     * @return the statistics
     * @throws IllegalStateException if the runtime does not run in the application
     */
    default RealtimeStats stats() {
        return Realtime.stats(servletContext());
    }

    /**
     * How many WebSocket endpoints are registered on the application's Jakarta WebSocket {@code ServerContainer}
     * now, read from the container's internals: for tests that check that a redeployment leaves nothing behind.
     *
     * @return the count, 0 when the application runs no WebSocket container
     */
    int webSocketEndpoints();

    /**
     * Opens a Server-Sent Events stream and records it. Blocks until the response headers arrive.
     *
     * @param path the context-relative path, with any query
     * @return the recorder; close it to disconnect
     */
    default SseRecorder sse(String path) {
        return SseRecorder.open(client(), uri(path), Map.of());
    }

    /**
     * Opens a Server-Sent Events stream that resumes from a cursor, sent as {@code Last-Event-ID}.
     *
     * @param path the context-relative path, with any query
     * @param lastEventId the cursor
     * @return the recorder; close it to disconnect
     */
    default SseRecorder sse(String path, String lastEventId) {
        return SseRecorder.open(client(), uri(path), Map.of("Last-Event-ID", lastEventId));
    }

    /**
     * Opens a Server-Sent Events stream with arbitrary request headers.
     *
     * @param path the context-relative path, with any query
     * @param headers request headers
     * @return the recorder; close it to disconnect
     */
    default SseRecorder sse(String path, Map<String, String> headers) {
        return SseRecorder.open(client(), uri(path), headers);
    }

    /**
     * Opens a WebSocket to a {@code @Duplex} endpoint and records it. Blocks until the handshake completes.
     *
     * @param path the context-relative path, with any query such as {@code ?lastEventId=...}
     * @return the recorder; close it to disconnect
     * @throws java.io.UncheckedIOException if the server refused the upgrade
     */
    default WebSocketRecorder webSocket(String path) {
        return WebSocketRecorder.open(client(), webSocketUri(path), Map.of());
    }

    /**
     * Opens a WebSocket with extra handshake headers, such as {@code Origin}.
     *
     * @param path the context-relative path, with any query
     * @param headers handshake headers
     * @return the recorder; close it to disconnect
     * @throws java.io.UncheckedIOException if the server refused the upgrade
     */
    default WebSocketRecorder webSocket(String path, Map<String, String> headers) {
        return WebSocketRecorder.open(client(), webSocketUri(path), headers);
    }

    /**
     * Attempts a WebSocket handshake and reports the answer, closing at once if it succeeded.
     *
     * @param path the context-relative path, with any query
     * @param headers handshake headers, such as {@code Origin}
     * @return {@code 101} when the upgrade was accepted, otherwise the HTTP status of the refusal
     */
    default int webSocketHandshake(String path, Map<String, String> headers) {
        return WebSocketRecorder.handshakeStatus(client(), webSocketUri(path), headers);
    }

    /**
     * Starts a long-poll client that loops on the cursor from now, and records what it receives.
     *
     * @param path the context-relative path, with any query such as {@code timeout=5}
     * @return the recorder; close it to stop
     */
    default PollRecorder poll(String path) {
        return PollRecorder.start(client(), uri(path), null, Map.of());
    }

    /**
     * Starts a long-poll client that loops on the cursor from {@code cursor}.
     *
     * @param path the context-relative path, with any query such as {@code timeout=5}
     * @param cursor the cursor to start from
     * @return the recorder; close it to stop
     */
    default PollRecorder poll(String path, String cursor) {
        return PollRecorder.start(client(), uri(path), cursor, Map.of());
    }

    /**
     * A new visitor: a browser with a cookie jar of its own, whose tabs negotiate and send their tab tokens on
     * every transport. Its session operations need a programmatic deployment (see {@link Visitor}).
     *
     * @return the visitor, without cookies yet
     */
    default Visitor visitor() {
        return Visitor.of(uri());
    }

    /**
     * Fault injection: closes every open TCP connection from the server side at once, as a proxy restart would.
     *
     * @return how many connections were closed
     */
    int dropConnections();

    /**
     * Stops the application as an undeployment would, while the server keeps running and its connections stay
     * open: the servlet context is destroyed, so the runtime's goodbye to its clients (WebSockets {@code 1001},
     * a final Server-Sent Events {@code reconnect}, long-polls answered with {@code Retry-After}) reaches them.
     * Blocks until it has stopped. Does nothing if it is stopped.
     *
     * @throws IllegalStateException if the container reports a failure while stopping
     */
    void stopApplication();

    /**
     * Starts the application again after {@link #stopApplication()}, as a redeployment would, on the same
     * server and port: the container runs the initializers again and the runtime starts afresh. Blocks until it
     * serves. Does nothing if it runs.
     *
     * @throws IllegalStateException if the application did not start; the cause says why
     */
    void startApplication();

    /**
     * Stops the application, then the server: streams receive their goodbye while the connections are still
     * up. Idempotent.
     */
    @Override
    void close();
}
