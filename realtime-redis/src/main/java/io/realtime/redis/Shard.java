package io.realtime.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A node's sharded pub/sub connection to one master of a cluster, and the channels placed there. Opened without
 * automatic reconnection: when it breaks, {@link ShardNotices} places its channels again, wherever their slots are
 * served by then. {@link #channels} and {@link #lost} are guarded by the lock of {@link Placements}.
 */
final class Shard {

    final String address;
    final Set<String> channels = new HashSet<>();
    boolean lost;

    private final CompletableFuture<StatefulRedisPubSubConnection<String, byte[]>> connection;

    /** Starts connecting; {@link #whenConnected} tells how that went. */
    Shard(String address, RedisClient nodes, RedisURI uri, ShardNotices owner) {
        this.address = address;
        Listener listener = new Listener(owner);
        this.connection = nodes.connectPubSubAsync(Connector.CODEC, uri)
                .toCompletableFuture()
                .thenApply(opened -> {
                    opened.addListener(listener); // before anything is subscribed on it
                    return opened;
                });
    }

    /** @return completes when the connection is open, exceptionally if it could not be opened */
    CompletableFuture<?> whenConnected() {
        return connection;
    }

    /** Subscribes to a channel; completes when the master confirmed it. */
    CompletableFuture<Void> subscribe(String channel) {
        return connection.thenCompose(
                opened -> opened.async().ssubscribe(channel).toCompletableFuture());
    }

    /** Unsubscribes from a channel, without waiting, if the connection is open. */
    void unsubscribe(String channel) {
        StatefulRedisPubSubConnection<String, byte[]> opened = openConnection();
        if (opened != null) {
            try {
                opened.async().sunsubscribe(channel);
            } catch (RedisException disconnected) {
                // the subscription ends with the connection
            }
        }
    }

    /** @return whether this is the shard's connection */
    boolean carries(Object handler) {
        return handler != null && openConnection() == handler;
    }

    void close() {
        connection.thenAccept(StatefulRedisPubSubConnection::closeAsync);
    }

    private StatefulRedisPubSubConnection<String, byte[]> openConnection() {
        return connection.isDone() && !connection.isCompletedExceptionally() ? connection.join() : null;
    }

    /** Runs on the connection's I/O thread. */
    private final class Listener extends RedisPubSubAdapter<String, byte[]> {

        private final ShardNotices owner;

        Listener(ShardNotices owner) {
            this.owner = owner;
        }

        @Override
        public void smessage(String channel, byte[] message) {
            owner.message(channel, message);
        }

        @Override
        public void ssubscribed(String channel, long count) {
            owner.subscribed(channel);
        }

        @Override
        public void sunsubscribed(String channel, long count) {
            owner.unsubscribed(Shard.this, channel);
        }
    }
}
