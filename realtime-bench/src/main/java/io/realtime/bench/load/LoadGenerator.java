package io.realtime.bench.load;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Holds thousands of WebSocket, Server-Sent Events and long-poll clients of one server (or of several nodes that
 * share topics) from one JVM, on a few selector threads (no thread per connection), and measures what they
 * receive. Its own threads do nothing but I/O and parsing; the limit is the file descriptors of the process (one
 * per client). It reports its own CPU time, so that what it costs is known and a saturated generator is noticed.
 *
 * <pre>{@code
 * try (LoadGenerator load = new LoadGenerator(List.of(server), 2)) {
 *     Group clients = load.group(Transport.SSE, Dialect.LIBRARY).build();
 *     clients.grow(1_000, Duration.ofSeconds(30));
 *     Window window = load.window(first, last);   // then publish ticks first..last
 *     window.await(clients.following() * (last - first + 1), Duration.ofSeconds(5), Duration.ofSeconds(60));
 *     Window.Result result = window.result();
 * }
 * }</pre>
 */
public final class LoadGenerator implements AutoCloseable {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final IoLoop[] loops;
    private final Endpoints endpoints;
    private final AtomicInteger next = new AtomicInteger();

    /**
     * Starts the I/O threads.
     *
     * @param servers the servers' addresses, taken in turn by new clients
     * @param threads how many selector threads
     */
    public LoadGenerator(List<InetSocketAddress> servers, int threads) {
        this.endpoints = new Endpoints(servers);
        this.loops = new IoLoop[threads];
        for (int i = 0; i < threads; i++) {
            loops[i] = new IoLoop("load-" + i);
        }
    }

    /**
     * A group of clients to build.
     *
     * @param transport how they follow their topic
     * @param dialect how the server is addressed
     * @return the builder
     */
    public GroupBuilder group(Transport transport, Dialect dialect) {
        return new GroupBuilder(this, new Spec(transport, dialect));
    }

    /**
     * Starts counting deliveries of ticks {@code first} to {@code last}; earlier counts, and the I/O threads'
     * lateness, are forgotten.
     *
     * @param first the first sequence number
     * @param last the last one
     * @return the window, to wait on and read
     */
    public Window window(long first, long last) {
        for (IoLoop loop : loops) {
            loop.call(() -> {
                        loop.recorder.window(first, last);
                        loop.lag = new Histogram();
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
        return new Churn(this, new Spec(transport, dialect)).run(concurrency, duration);
    }

    /**
     * New clients one after another, {@code concurrency} at a time, each until its first tick.
     *
     * @param transport the transport
     * @param dialect the dialect
     * @param probes how many clients in all
     * @param concurrency how many at a time
     * @param timeout the longest wait for all of them
     * @return their times
     * @throws InterruptedException if interrupted while waiting
     */
    public FirstEvents.Result firstEvents(
            Transport transport, Dialect dialect, int probes, int concurrency, Duration timeout)
            throws InterruptedException {
        return new FirstEvents(this, new Spec(transport, dialect)).run(probes, concurrency, timeout);
    }

    /**
     * Starts a client that asks the server a plain request every {@code interval}, until the probe is closed.
     *
     * @param dialect the dialect
     * @param interval the time between two requests
     * @return the probe
     */
    public Ping ping(Dialect dialect, Duration interval) {
        return new Ping(this, new Spec(Transport.LONG_POLL, dialect), interval);
    }

    /**
     * The CPU time of this whole process (every thread: the I/O threads, and the driver's few requests).
     *
     * @return nanoseconds
     */
    public static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime()
                : -1;
    }

    /**
     * The CPU time of each I/O thread.
     *
     * @return nanoseconds, one per thread
     */
    public long[] ioThreadCpuNanos() {
        long[] times = new long[loops.length];
        for (int i = 0; i < loops.length; i++) {
            times[i] = THREADS.getThreadCpuTime(loops[i].threadId());
        }
        return times;
    }

    Client newClient(Spec spec, Client.Owner owner) {
        IoLoop loop = loops[Math.floorMod(next.getAndIncrement(), loops.length)];
        return switch (spec.transport()) {
            case WEBSOCKET -> new WebSocketClient(loop, owner, spec, endpoints);
            case SSE -> new StreamClient(loop, owner, spec, endpoints);
            case LONG_POLL -> new PollClient(loop, owner, spec, endpoints);
        };
    }

    PingClient newPing(Spec spec, Client.Owner owner, Duration interval) {
        IoLoop loop = loops[Math.floorMod(next.getAndIncrement(), loops.length)];
        return new PingClient(loop, owner, spec, endpoints, interval.toNanos());
    }

    /** Stops the I/O threads; clients still open are dropped with them. */
    @Override
    public void close() {
        for (IoLoop loop : loops) {
            loop.close();
        }
    }
}
