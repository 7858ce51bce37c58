package io.realtime.bench.load;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Holds thousands of WebSocket, Server-Sent Events and long-poll clients of one server from one JVM, on a few
 * selector threads (no thread per connection), and measures what they receive. Its own threads do nothing but
 * I/O and parsing; the limit is the file descriptors of the process (one per client).
 *
 * <pre>{@code
 * try (LoadGenerator load = new LoadGenerator(server, 2)) {
 *     Group clients = load.group(Transport.SSE, Dialect.LIBRARY);
 *     clients.grow(1_000, Duration.ofSeconds(30));
 *     Window window = load.window(first, last);   // then publish ticks first..last
 *     window.await(clients.following() * (last - first + 1), Duration.ofSeconds(5), Duration.ofSeconds(60));
 *     Window.Result result = window.result();
 * }
 * }</pre>
 */
public final class LoadGenerator implements AutoCloseable {

    private final IoLoop[] loops;
    private final Endpoints endpoints;
    private final AtomicInteger next = new AtomicInteger();

    /**
     * Starts the I/O threads.
     *
     * @param server the server's address
     * @param threads how many selector threads
     */
    public LoadGenerator(InetSocketAddress server, int threads) {
        this.endpoints = new Endpoints(server);
        this.loops = new IoLoop[threads];
        for (int i = 0; i < threads; i++) {
            loops[i] = new IoLoop("load-" + i);
        }
    }

    /**
     * An empty group of clients, to {@link Group#grow grow}.
     *
     * @param transport how they follow the broadcast
     * @param dialect how the server is addressed
     * @return the group
     */
    public Group group(Transport transport, Dialect dialect) {
        return new Group(this, transport, dialect, 0);
    }

    /**
     * An empty group of clients with a small, fixed socket receive buffer, so that when they stop reading the
     * server feels it after a few kilobytes rather than megabytes.
     *
     * @param transport how they follow the broadcast
     * @param dialect how the server is addressed
     * @param receiveBuffer the socket receive buffer in bytes
     * @return the group
     */
    public Group group(Transport transport, Dialect dialect, int receiveBuffer) {
        return new Group(this, transport, dialect, receiveBuffer);
    }

    /**
     * Starts counting deliveries of ticks {@code first} to {@code last}; earlier counts are forgotten.
     *
     * @param first the first sequence number
     * @param last the last one
     * @return the window, to wait on and read
     */
    public Window window(long first, long last) {
        for (IoLoop loop : loops) {
            loop.call(() -> {
                        loop.recorder.window(first, last);
                        return null;
                    })
                    .join();
        }
        return new Window(loops);
    }

    /**
     * Connect churn: {@code concurrency} clients at a time connect, wait until they follow the broadcast,
     * disconnect, and start again, for {@code duration}.
     *
     * @param transport the transport
     * @param dialect the dialect
     * @param concurrency clients connecting at once
     * @param duration how long
     * @return what was achieved
     * @throws InterruptedException if interrupted while waiting
     */
    public Churn.Result churn(Transport transport, Dialect dialect, int concurrency, Duration duration)
            throws InterruptedException {
        return new Churn(this, transport, dialect).run(concurrency, duration);
    }

    Client newClient(Transport transport, Dialect dialect, Client.Owner owner, int receiveBuffer) {
        IoLoop loop = loops[Math.floorMod(next.getAndIncrement(), loops.length)];
        return switch (transport) {
            case WEBSOCKET -> new WebSocketClient(loop, owner, dialect, endpoints, receiveBuffer);
            case SSE -> new StreamClient(loop, owner, dialect, endpoints, receiveBuffer);
            case LONG_POLL -> new PollClient(loop, owner, dialect, endpoints, receiveBuffer);
        };
    }

    /** Stops the I/O threads; clients still open are dropped with them. */
    @Override
    public void close() {
        for (IoLoop loop : loops) {
            loop.close();
        }
    }
}
