package io.realtime.redis;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.sync.RedisScriptingCommands;
import io.lettuce.core.resource.ClientResources;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A node's connections to Redis: one for commands, shared by every thread, and the notices. On one server the
 * commands take one connection; on a cluster, one per master, which the cluster client opens and routes to.
 *
 * @param clients the clients, shut down last
 * @param resources the clients' threads, owned by this link
 * @param commands the command connection
 * @param scripts runs scripts on the command connection, on a cluster at the master of the first key's slot
 * @param notices the subscriptions
 */
record Link(
        List<AbstractRedisClient> clients,
        ClientResources resources,
        StatefulConnection<String, byte[]> commands,
        RedisScriptingCommands<String, byte[]> scripts,
        Notices notices)
        implements AutoCloseable {

    @Override
    public void close() {
        try {
            notices.close();
            commands.close();
        } finally {
            clients.forEach(client -> client.shutdown(0, 2, TimeUnit.SECONDS));
            resources.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }
}
