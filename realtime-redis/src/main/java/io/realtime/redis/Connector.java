package io.realtime.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import io.realtime.spi.BackplaneException;
import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Sets up the Redis client the way the backplane's guarantees need it, and opens its two connections. */
final class Connector {

    /** Keys and channels are text; values (event data, script arguments) are bytes, passed through untouched. */
    static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    /** Commands waiting for the connection beyond this fail rather than queue without bound. */
    private static final int REQUEST_QUEUE = 16_384;

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

    static RedisBackplane connect(RedisBackplane.Builder settings) {
        RedisURI uri = RedisURI.builder(settings.uri).build();
        uri.setTimeout(settings.timeout);
        // Quick reconnection: a node without Redis cannot publish, so it should find Redis again within a second.
        ClientResources resources = DefaultClientResources.builder()
                .reconnectDelay(
                        Delay.exponential(Duration.ofMillis(10), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
                .build();
        RedisClient client = RedisClient.create(resources, uri);
        client.setOptions(options(settings.options, settings.timeout));
        ScheduledThreadPoolExecutor executor = executor();
        StatefulRedisConnection<String, byte[]> commands = null;
        try {
            commands = client.connect(CODEC);
            StatefulRedisPubSubConnection<String, byte[]> notices = client.connectPubSub(CODEC);
            Keys keys = new Keys(settings.keyPrefix);
            Store store = new Store(
                    commands.sync(),
                    keys,
                    settings.maxEvents,
                    settings.maxAge.toMillis(),
                    settings.keyExpiry.toMillis());
            return new RedisBackplane(new Link(client, resources, commands, notices), executor, keys, store);
        } catch (RedisException e) {
            if (commands != null) {
                commands.close();
            }
            executor.shutdownNow();
            client.shutdown(0, 2, TimeUnit.SECONDS);
            resources.shutdown(0, 2, TimeUnit.SECONDS);
            throw new BackplaneException("Could not connect to Redis: " + e.getMessage(), e);
        }
    }

    // What fail-fast publishing and exactly-once delivery rest on; everything else is the user's to choose.
    private static ClientOptions options(ClientOptions base, Duration timeout) {
        return base.mutate()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .socketOptions(base.getSocketOptions()
                        .mutate()
                        .connectTimeout(timeout.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : timeout)
                        .build())
                .requestQueueSize(REQUEST_QUEUE)
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
