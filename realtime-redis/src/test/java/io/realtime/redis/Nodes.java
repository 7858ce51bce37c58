package io.realtime.redis;

import io.realtime.jetty.RealtimeServer;
import io.realtime.runtime.RealtimeConfig;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Library nodes for the tests: embedded Jetty servers sharing one Redis, or one Redis Cluster, through the backplane. */
final class Nodes {

    private Nodes() {}

    /**
     * Starts a node.
     *
     * @param history how many events the runtime and Redis retain per topic
     * @param services the endpoint classes
     */
    static RealtimeServer start(RedisProcess redis, int history, Object... services) {
        return start(RedisBackplane.builder(redis.url()), history, services);
    }

    /** Starts a node on a cluster, which it finds from every node as a seed. */
    static RealtimeServer start(RedisCluster cluster, int history, Object... services) {
        return start(RedisBackplane.clusterBuilder(cluster.urls().toArray(String[]::new)), history, services);
    }

    private static RealtimeServer start(RedisBackplane.Builder redis, int history, Object... services) {
        RedisBackplane backplane =
                redis.history(history, Duration.ofMinutes(10)).build();
        RealtimeConfig config = RealtimeConfig.builder()
                .backplane(backplane)
                .historyMaxEvents(history)
                .build();
        return RealtimeServer.builder().config(config).services(services).start();
    }

    /** Polls a condition until it holds, failing with the description after ten seconds. */
    static void await(BooleanSupplier condition, Supplier<String> description) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting for " + description.get());
            }
            LockSupport.parkNanos(Duration.ofMillis(1).toNanos());
        }
    }
}
