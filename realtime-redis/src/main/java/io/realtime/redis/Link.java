package io.realtime.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import java.util.concurrent.TimeUnit;

/**
 * A node's two connections to Redis: one for commands, shared by every thread, and one that carries the topics'
 * notices. Each reconnects by itself.
 *
 * @param client the client
 * @param resources the client's threads, owned by this link
 * @param commands the command connection
 * @param notices the subscription connection
 */
record Link(
        RedisClient client,
        ClientResources resources,
        StatefulRedisConnection<String, byte[]> commands,
        StatefulRedisPubSubConnection<String, byte[]> notices)
        implements AutoCloseable {

    @Override
    public void close() {
        try {
            notices.close();
            commands.close();
        } finally {
            client.shutdown(0, 2, TimeUnit.SECONDS);
            resources.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }
}
