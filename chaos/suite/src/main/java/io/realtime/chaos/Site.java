package io.realtime.chaos;

import io.realtime.redis.RedisProcess;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What a run runs against: one real Redis, kept on disk with every write fsynced (so that a restart keeps
 * everything unless its data is {@link RedisProcess#erase erased}), and two library nodes sharing it through the
 * backplane, each a JVM of its own.
 */
final class Site implements AutoCloseable {

    private final RedisProcess redis;
    private final List<NodeProcess> nodes;

    private Site(RedisProcess redis, List<NodeProcess> nodes) {
        this.redis = redis;
        this.nodes = nodes;
    }

    /** Starts Redis, then both nodes at once; blocks until they serve. */
    static Site start(NodeProcess.Settings settings) {
        RedisProcess redis = RedisProcess.start(true);
        try {
            CompletableFuture<NodeProcess> a =
                    CompletableFuture.supplyAsync(() -> NodeProcess.start("node-a", redis.url(), settings));
            CompletableFuture<NodeProcess> b =
                    CompletableFuture.supplyAsync(() -> NodeProcess.start("node-b", redis.url(), settings));
            return new Site(redis, List.of(a.join(), b.join()));
        } catch (RuntimeException e) {
            redis.close();
            throw e;
        }
    }

    RedisProcess redis() {
        return redis;
    }

    List<NodeProcess> nodes() {
        return nodes;
    }

    /** @return the nodes' roots, the same across their restarts */
    List<URI> uris() {
        List<URI> uris = new ArrayList<>();
        nodes.forEach(node -> uris.add(node.uri()));
        return uris;
    }

    @Override
    public void close() {
        nodes.forEach(NodeProcess::close);
        redis.close();
    }
}
