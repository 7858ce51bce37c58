package io.realtime.bench.server;

import jakarta.servlet.ServletContainerInitializer;

/**
 * An embedded servlet container serving one application at the root context on 127.0.0.1, with Jakarta
 * WebSocket. Both containers get the same treatment: no limit on connections, a 5-minute idle timeout (no
 * scenario keeps a connection silent that long), an accept backlog of 4096, at most 200 request threads, and
 * keep-alive connections that may carry any number of requests.
 */
public interface Container extends AutoCloseable {

    /** The idle timeout of connections and of WebSocket sessions, in milliseconds. */
    long IDLE_TIMEOUT_MILLIS = 300_000;

    /** The accept backlog. */
    int ACCEPT_QUEUE = 4096;

    /** The most request threads. */
    int MAX_THREADS = 200;

    /**
     * The port it listens on.
     *
     * @return the port
     */
    int port();

    /**
     * Stops the container.
     *
     * @throws IllegalStateException if it does not stop cleanly
     */
    @Override
    void close();

    /**
     * Starts a container.
     *
     * @param name {@code jetty} or {@code tomcat}
     * @param port the port, 0 for any free one
     * @param application runs while the application starts, after the WebSocket container is in place
     * @return the running container
     * @throws Exception if it does not start
     */
    static Container start(String name, int port, ServletContainerInitializer application) throws Exception {
        return switch (name) {
            case "jetty" -> JettyContainer.start(port, application);
            case "tomcat" -> TomcatContainer.start(port, application);
            default -> throw new IllegalArgumentException("Unknown container: " + name);
        };
    }
}
