package io.realtime.redis;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.MaintNotificationsConfig;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import io.realtime.spi.BackplaneException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Sets up the Redis clients the way the backplane's guarantees need them, and opens their connections. */
final class Connector {

    /** Keys and channels are text; values (event data, script arguments) are bytes, passed through untouched. */
    static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    private static final System.Logger LOG = System.getLogger(Connector.class.getName());

    /** Commands waiting for the connection beyond this fail rather than queue without bound. */
    private static final int REQUEST_QUEUE = 16_384;

    /** A cluster's topology is read again at most this often when redirects or failing reconnects suggest it. */
    private static final Duration TOPOLOGY_REFRESH_LIMIT = Duration.ofSeconds(1);

    /** ... and in any case this often, in case nothing suggested it. */
    private static final Duration TOPOLOGY_REFRESH_PERIOD = Duration.ofSeconds(30);

    private Connector() {}

    static RedisURI uri(String url) {
        if (url == null || !url.matches("(?s)(rediss?|redis\\+(ssl|tls|socket)|rediss?-sentinel|redis-socket)://.+")) {
            throw new IllegalArgumentException(
                    "A Redis URL starts with redis://, rediss:// (TLS), redis-sentinel:// or redis-socket://");
        }
        try {
            return RedisURI.create(url);
        } catch (RuntimeException e) {
            // Not chained: the message may quote the URL, and with it a password.
            throw new IllegalArgumentException(
                    "Malformed Redis URL (its text is not repeated here: it may hold a" + " password)");
        }
    }

    /** @throws IllegalArgumentException if the URI cannot name a cluster node */
    static RedisURI seed(RedisURI uri) {
        if (uri.getHost() == null || !uri.getSentinels().isEmpty() || uri.getSocket() != null) {
            throw new IllegalArgumentException("A cluster seed is a host and port: redis://host:port or rediss://...");
        }
        if (uri.getDatabase() != 0) {
            throw new IllegalArgumentException(
                    "A Redis Cluster has database 0 only, a seed names " + uri.getDatabase());
        }
        return RedisURI.builder(uri).build();
    }

    /**
     * Opens the connections and starts the threads.
     *
     * @throws BackplaneException if Redis cannot be reached now
     */
    static Connected connect(RedisBackplane.Builder settings) {
        ClientResources resources = resources();
        ScheduledThreadPoolExecutor executor = executor();
        List<AbstractRedisClient> clients = new ArrayList<>();
        try {
            Link link = settings.cluster
                    ? cluster(settings, resources, executor, clients)
                    : server(settings, resources, clients);
            Keys keys = new Keys(settings.keyPrefix, settings.cluster);
            Store store = new Store(
                    link.scripts(),
                    keys,
                    settings.maxEvents,
                    settings.maxAge.toMillis(),
                    settings.keyExpiry.toMillis());
            RedisPresence presence = new RedisPresence(link.scripts(), keys, settings.presenceTtl.toMillis());
            return new Connected(link, executor, keys, store, presence);
        } catch (RedisException e) {
            executor.shutdownNow();
            clients.forEach(client -> client.shutdown(0, 2, TimeUnit.SECONDS)); // closes their connections
            resources.shutdown(0, 2, TimeUnit.SECONDS);
            throw new BackplaneException("Could not connect to Redis: " + e.getMessage(), e);
        }
    }

    private static Link server(
            RedisBackplane.Builder settings, ClientResources resources, List<AbstractRedisClient> clients) {
        RedisClient client = RedisClient.create(resources, timed(settings.uris.get(0), settings.timeout));
        clients.add(client);
        client.setOptions(options(settings.options, settings.timeout));
        StatefulRedisConnection<String, byte[]> commands = client.connect(CODEC);
        return new Link(
                List.of(client), resources, commands, commands.sync(), new ServerNotices(client.connectPubSub(CODEC)));
    }

    private static Link cluster(
            RedisBackplane.Builder settings,
            ClientResources resources,
            ScheduledExecutorService executor,
            List<AbstractRedisClient> clients) {
        List<RedisURI> seeds =
                settings.uris.stream().map(uri -> timed(uri, settings.timeout)).toList();
        RedisClusterClient cluster = RedisClusterClient.create(resources, seeds);
        clients.add(cluster);
        cluster.setOptions(clusterOptions(settings.options, settings.timeout));
        RedisClient nodes = RedisClient.create(resources);
        clients.add(nodes);
        // The notices renew their subscriptions themselves, wherever the slots are served by then.
        nodes.setOptions(ClientOptions.copyOf(options(settings.options, settings.timeout))
                .mutate()
                .autoReconnect(false)
                .build());
        StatefulRedisClusterConnection<String, byte[]> commands = cluster.connect(CODEC);
        for (RedisClusterNode node : cluster.getPartitions()) {
            if (node.is(RedisClusterNode.NodeFlag.UPSTREAM) && !node.getSlots().isEmpty()) {
                try {
                    // Opened now: the client refuses commands for a master while its connection is being opened.
                    commands.getConnection(
                            node.getUri().getHost(), node.getUri().getPort());
                } catch (RedisException down) {
                    LOG.log(Level.DEBUG, "A master of the cluster is unreachable for now", down);
                }
            }
        }
        Duration wait = settings.timeout.plus(connectTimeout(settings.timeout));
        ShardNotices notices = new ShardNotices(cluster, nodes, seeds.get(0), commands, executor, wait);
        return new Link(List.of(cluster, nodes), resources, commands, commands.sync(), notices);
    }

    // What fail-fast publishing and exactly-once delivery rest on; everything else is the user's to choose.
    private static ClientOptions options(ClientOptions base, Duration timeout) {
        return base.mutate()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .socketOptions(base.getSocketOptions()
                        .mutate()
                        .connectTimeout(connectTimeout(timeout))
                        .build())
                .requestQueueSize(REQUEST_QUEUE)
                // Redis Enterprise's maintenance notices: with them Lettuce needs SLF4J, which it does not bring.
                .maintNotificationsConfig(MaintNotificationsConfig.disabled())
                .build();
    }

    private static ClusterClientOptions clusterOptions(ClientOptions base, Duration timeout) {
        // Keeps a user's cluster settings, when given; the conversion from plain options drops some of ours.
        ClusterClientOptions.Builder builder = ClusterClientOptions.builder(options(base, timeout));
        builder.maintNotificationsConfig(MaintNotificationsConfig.disabled());
        // Every adaptive trigger is on by default (MOVED, ASK, failing reconnects, uncovered slots, unknown nodes).
        builder.topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                .adaptiveRefreshTriggersTimeout(TOPOLOGY_REFRESH_LIMIT)
                .refreshTriggersReconnectAttempts(3)
                .enablePeriodicRefresh(TOPOLOGY_REFRESH_PERIOD)
                .build());
        return builder.build();
    }

    private static Duration connectTimeout(Duration timeout) {
        return timeout.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : timeout;
    }

    private static RedisURI timed(RedisURI uri, Duration timeout) {
        RedisURI copy = RedisURI.builder(uri).build();
        copy.setTimeout(timeout);
        return copy;
    }

    // Quick reconnection: a node without Redis cannot publish, so it should find Redis again within a second.
    private static ClientResources resources() {
        return DefaultClientResources.builder()
                .reconnectDelay(
                        Delay.exponential(Duration.ofMillis(10), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
                .build();
    }

    private static ScheduledThreadPoolExecutor executor() {
        AtomicInteger count = new AtomicInteger();
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(2, task -> {
            Thread thread = new Thread(task, "realtime-redis-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }
}
