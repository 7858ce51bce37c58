package io.realtime.redis;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.PartitionSelectorException;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.event.ClusterTopologyChangedEvent;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import reactor.core.Disposable;

/**
 * Notices on a Redis Cluster: sharded pub/sub ({@code SSUBSCRIBE}, Redis 7), each channel subscribed at the master
 * serving its slot, on one connection per master. Lettuce's own cluster pub/sub neither moves shard subscriptions
 * after a failover nor renews them after a reconnect when a master serves several of their slots (it sends them in
 * one {@code SSUBSCRIBE}, refused as {@code CROSSSLOT}), so this class places every channel itself, and places it
 * again wherever it may have been lost:
 *
 * <ul>
 *   <li>a master's connection broke (a crash, a restart): its channels are subscribed again at their slots'
 *       masters, retried with a growing delay, refreshing the topology while a master cannot be reached;
 *   <li>the topology changed (a failover, a slot that moved): channels whose slot has another master move there;
 *   <li>Redis ended a subscription itself (the slot left that node): it is subscribed again where the slot went.
 * </ul>
 *
 * Every renewed subscription is confirmed, and reported, so the topic's feed reads from the stream whatever was
 * announced while it was away. On each topology change it also opens the command connection to every new master,
 * since the client refuses commands for a master while its connection is being opened.
 */
final class ShardNotices implements Notices {

    private static final System.Logger LOG = System.getLogger(ShardNotices.class.getName());

    private final RedisClusterClient cluster;
    private final RedisClient nodes;
    private final RedisURI template;
    private final StatefulRedisClusterConnection<String, byte[]> commands;
    private final Duration wait;
    private final Placements placements = new Placements();
    private final Retry repair;
    private final Disposable topologyEvents;
    private volatile Receiver receiver;

    /**
     * @param nodes opens the connections to the masters, without automatic reconnection
     * @param template credentials and TLS for every master: a seed's
     * @param wait the longest {@link #follow} waits for a master: to connect, then to answer
     */
    ShardNotices(
            RedisClusterClient cluster,
            RedisClient nodes,
            RedisURI template,
            StatefulRedisClusterConnection<String, byte[]> commands,
            ScheduledExecutorService executor,
            Duration wait) {
        this.cluster = cluster;
        this.nodes = nodes;
        this.template = template;
        this.commands = commands;
        this.wait = wait;
        this.repair = new Retry(executor, Duration.ofMillis(50), Duration.ofSeconds(2), this::repair);
        nodes.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
                Shard shard = placements.carrying(connection);
                if (shard != null) {
                    lost(shard);
                }
            }
        });
        this.topologyEvents = cluster.getResources()
                .eventBus()
                .get()
                .filter(ClusterTopologyChangedEvent.class::isInstance)
                .subscribe(changed -> {
                    try {
                        executor.execute(this::topologyChanged);
                    } catch (RejectedExecutionException closing) {
                        // the backplane is closing
                    }
                });
    }

    @Override
    public void listen(Receiver receiver) {
        this.receiver = receiver;
    }

    @Override
    public void follow(String channel) {
        placements.want(channel);
        try {
            try {
                await(subscribe(channel));
            } catch (RedisCommandExecutionException | PartitionSelectorException stale) {
                // MOVED, or no master known for the slot: this node's view of the cluster is behind
                await(cluster.refreshPartitionsAsync().toCompletableFuture());
                await(subscribe(channel));
            }
        } catch (RuntimeException e) {
            unfollow(channel);
            throw e;
        }
    }

    @Override
    public void unfollow(String channel) {
        placements.forget(channel).forEach(Runnable::run);
    }

    @Override
    public void close() {
        topologyEvents.dispose();
        placements.close().forEach(Shard::close);
    }

    void message(String channel, byte[] message) {
        receiver.message(channel, message);
    }

    void subscribed(String channel) {
        receiver.subscribed(channel);
    }

    /** A master ended a subscription: our own unsubscribe, or because the slot left it. */
    void unsubscribed(Shard shard, String channel) {
        placements.ended(shard, channel);
        repairIfNeeded();
    }

    private CompletableFuture<Void> subscribe(String channel) {
        Shard shard;
        try {
            shard = shardOf(SlotHash.getSlot(channel));
        } catch (RedisException e) {
            return CompletableFuture.failedFuture(e);
        }
        return shard.subscribe(channel).thenRun(() -> {
            placements.place(channel, shard).forEach(Runnable::run);
            repairIfNeeded();
        });
    }

    private Shard shardOf(int slot) {
        RedisClusterNode master = cluster.getPartitions().getMasterBySlot(slot);
        if (master == null) {
            throw new PartitionSelectorException("No master is known for slot " + slot, cluster.getPartitions());
        }
        Shard known = placements.shard(address(master));
        if (known != null) {
            return known;
        }
        RedisURI uri = RedisURI.builder(template)
                .withHost(master.getUri().getHost())
                .withPort(master.getUri().getPort())
                .build();
        Shard opened = new Shard(address(master), nodes, uri, this);
        Shard shard = placements.add(opened);
        if (shard != opened) {
            opened.close(); // another thread opened one meanwhile
        } else {
            opened.whenConnected().whenComplete((connection, failure) -> {
                if (failure != null) {
                    lost(opened);
                }
            });
        }
        return shard;
    }

    private void lost(Shard shard) {
        if (placements.lose(shard)) {
            shard.close();
            repairIfNeeded();
        }
    }

    private void topologyChanged() {
        Set<String> masters = new HashSet<>();
        for (RedisClusterNode node : cluster.getPartitions()) {
            if (node.is(RedisClusterNode.NodeFlag.UPSTREAM) && !node.getSlots().isEmpty()) {
                masters.add(address(node));
                commands.getConnectionAsync(
                        node.getUri().getHost(), node.getUri().getPort());
            }
        }
        placements
                .move(
                        channel -> {
                            RedisClusterNode master =
                                    cluster.getPartitions().getMasterBySlot(SlotHash.getSlot(channel));
                            return master == null ? null : address(master);
                        },
                        masters)
                .forEach(Runnable::run);
        repairIfNeeded();
    }

    /** Subscribes the unplaced channels where their slots are served; again, later, for as long as some remain. */
    private void repair() {
        List<String> channels = placements.startRepair();
        if (channels.isEmpty()) {
            return;
        }
        List<CompletableFuture<Void>> attempts = new ArrayList<>();
        for (String channel : channels) {
            attempts.add(subscribe(channel).whenComplete((placed, failure) -> placements.repaired(channel)));
        }
        CompletableFuture.allOf(attempts.toArray(CompletableFuture[]::new)).whenComplete((placed, failure) -> {
            if (failure == null) {
                repair.reset();
                repairIfNeeded();
            } else {
                LOG.log(Level.DEBUG, "Could not subscribe again to every channel; retrying", failure);
                cluster.refreshPartitionsAsync(); // a master that cannot be reached may have been replaced
                repair.later();
            }
        });
    }

    private void repairIfNeeded() {
        if (placements.hasUnplaced()) {
            repair.now();
        }
    }

    private <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RedisException redis ? redis : new RedisException(e.getCause());
        } catch (TimeoutException e) {
            throw new RedisException("Redis did not answer within " + wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisException(e);
        }
    }

    private static String address(RedisClusterNode node) {
        return node.getUri().getHost() + ':' + node.getUri().getPort();
    }
}
