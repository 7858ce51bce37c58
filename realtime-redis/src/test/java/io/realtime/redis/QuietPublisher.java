package io.realtime.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.realtime.spi.StoredEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Stores events exactly as the backplane does, with the real script, but announces them on a channel nobody
 * follows: to the nodes it is as if the notices were lost on the way.
 */
final class QuietPublisher implements AutoCloseable {

    private final RedisClient client;
    private final StatefulRedisConnection<String, byte[]> connection;
    private final Keys keys = new Keys("realtime:");
    private final int maxEvents;

    QuietPublisher(RedisProcess redis, int maxEvents) {
        this.client = RedisClient.create(RedisURI.create(redis.url()));
        this.connection = client.connect(Connector.CODEC);
        this.maxEvents = maxEvents;
    }

    StoredEvent publish(String topic, String data) {
        byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
        List<Object> reply = Store.PUBLISH.run(
                connection.sync(),
                new String[] {keys.state(topic), keys.events(topic)},
                ascii("unused"),
                ascii("message"),
                bytes,
                ascii(Integer.toString(maxEvents)),
                ascii("600000"),
                ascii("86400000"),
                ascii("nobody-listens"),
                ascii(""));
        return new Entry((Long) reply.get(1), Entry.text(reply.get(2)), "message", bytes)
                .stored(topic, Entry.text(reply.get(0)));
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
