package io.realtime.redis;

import io.lettuce.core.RedisException;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.lang.System.Logger.Level;

/**
 * Notices on one Redis server: plain pub/sub on one connection, which Lettuce reconnects and subscribes again by
 * itself; each renewed subscription is confirmed, and so reported.
 */
final class ServerNotices implements Notices {

    private static final System.Logger LOG = System.getLogger(ServerNotices.class.getName());

    private final StatefulRedisPubSubConnection<String, byte[]> connection;

    ServerNotices(StatefulRedisPubSubConnection<String, byte[]> connection) {
        this.connection = connection;
    }

    @Override
    public void listen(Receiver receiver) {
        connection.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, byte[] message) {
                receiver.message(channel, message);
            }

            @Override
            public void subscribed(String channel, long count) {
                receiver.subscribed(channel);
            }
        });
    }

    @Override
    public void follow(String channel) {
        connection.sync().subscribe(channel);
    }

    @Override
    public void unfollow(String channel) {
        try {
            // Sent in order before any later subscribe of the same channel on this connection.
            connection.async().unsubscribe(channel);
        } catch (RedisException disconnected) {
            LOG.log(Level.DEBUG, "Could not unsubscribe from " + channel, disconnected);
        }
    }

    @Override
    public void close() {
        connection.close();
    }
}
