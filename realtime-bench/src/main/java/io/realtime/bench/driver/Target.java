package io.realtime.bench.driver;

import io.realtime.bench.Jdk;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The system under test: one server JVM, or two nodes of the library sharing topics through a Redis (the
 * {@code redis} variant). Ticks are published on the first server; subscribers, memory and CPU time are summed
 * over all of them, Redis's CPU time included.
 */
final class Target implements AutoCloseable {

    private final List<ServerProcess> servers;
    private final RedisServer redis;

    private Target(List<ServerProcess> servers, RedisServer redis) {
        this.servers = servers;
        this.redis = redis;
    }

    /** Starts {@code variant} on {@code container}: for {@code redis}, Redis and two library nodes. */
    static Target start(Jdk jdk, String container, String variant, Path logs) throws IOException {
        if (!variant.equals("redis")) {
            return new Target(
                    List.of(ServerProcess.start(jdk, container, variant, container + "-" + variant, List.of(), logs)),
                    null);
        }
        RedisServer redis = RedisServer.start(logs);
        List<ServerProcess> nodes = new ArrayList<>();
        try {
            for (int node = 1; node <= 2; node++) {
                nodes.add(ServerProcess.start(
                        jdk,
                        container,
                        "library",
                        container + "-redis-node" + node,
                        List.of("-Dbench.redis=" + redis.url()),
                        logs));
            }
        } catch (IOException | RuntimeException e) {
            nodes.forEach(ServerProcess::close);
            redis.close();
            throw e;
        }
        return new Target(nodes, redis);
    }

    List<InetSocketAddress> addresses() {
        return servers.stream().map(ServerProcess::address).toList();
    }

    long publish(int count, double rate, int size) {
        return servers.get(0).publish(count, rate, size, 0);
    }

    long publish(int count, double rate, int size, int rooms) {
        return servers.get(0).publish(count, rate, size, rooms);
    }

    /** The last tick published. */
    long seq() {
        return servers.get(0).stats(false).seq();
    }

    /** Summed over the servers; after two full collections each when {@code collect}. */
    ServerProcess.Stats stats(boolean collect) {
        long heap = 0;
        long direct = 0;
        long rss = 0;
        long cpu = 0;
        long jit = 0;
        int threads = 0;
        int subscribers = 0;
        long seq = 0;
        for (ServerProcess server : servers) {
            ServerProcess.Stats stats = server.stats(collect);
            heap += stats.heap();
            direct += stats.direct();
            rss += stats.rss();
            cpu += stats.cpu();
            jit = jit < 0 || stats.jit() < 0 ? -1 : jit + stats.jit();
            threads += stats.threads();
            subscribers += stats.subscribers();
            seq = Math.max(seq, stats.seq());
        }
        return new ServerProcess.Stats(heap, direct, rss, cpu, jit, threads, subscribers, seq);
    }

    /** CPU time of every server process and of Redis, in nanoseconds. */
    long cpuNanos() {
        long cpu = redis == null ? 0 : redis.cpuNanos();
        for (ServerProcess server : servers) {
            cpu += server.stats(false).cpu();
        }
        return cpu;
    }

    /**
     * Memory once it has settled: full collections every 300 ms until the heap in use changes by less than 1 MiB
     * between two of them, for at most {@code patience}. A container releases a departed client's request a
     * little after the variant has let go of it (a poll answered to a closed socket is completed by the
     * container's own threads), so one collection right after clients leave can still count them.
     */
    ServerProcess.Stats settled(Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        ServerProcess.Stats last = stats(true);
        while (System.nanoTime() < deadline) {
            ServerProcess.sleep(300);
            ServerProcess.Stats next = stats(true);
            if (Math.abs(next.heap() - last.heap()) < 1024 * 1024) {
                return next;
            }
            last = next;
        }
        return last;
    }

    /** Waits until there are at least {@code wanted} subscribers; returns the last count seen. */
    int awaitSubscribers(int wanted, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int seen;
        while ((seen = stats(false).subscribers()) < wanted && System.nanoTime() < deadline) {
            ServerProcess.sleep(20);
        }
        return seen;
    }

    /** Waits until there are at most {@code wanted} subscribers; returns the last count seen. */
    int awaitAtMost(int wanted, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int seen;
        while ((seen = stats(false).subscribers()) > wanted && System.nanoTime() < deadline) {
            ServerProcess.sleep(50);
        }
        return seen;
    }

    @Override
    public void close() {
        servers.forEach(ServerProcess::close);
        if (redis != null) {
            redis.close();
        }
    }
}
