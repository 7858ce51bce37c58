package io.realtime.redis;

import io.lettuce.core.RedisException;
import io.lettuce.core.api.sync.RedisScriptingCommands;
import io.realtime.spi.BackplaneException;
import io.realtime.spi.ControlChannel;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * The control channel of a connected backplane: one pub/sub channel, {@code <prefix>control}, shared by every
 * node; on a Redis Cluster a shard channel, so every control message passes through the master of that channel's
 * slot. Its name has no hash tag and no topic's channel can take it: those all start with the prefix and a brace.
 *
 * <p>Messages are at most {@link ControlChannel#MAX_MESSAGE_BYTES} bytes each way: larger ones are refused before
 * they are sent, and dropped unread when they arrive. Nothing is stored: a node that is not subscribed when a
 * message is published never receives it.
 */
final class ControlLine {

    private static final Script SEND = Script.load("control.lua");
    private static final byte[] CLUSTER = "cluster".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SERVER = "server".getBytes(StandardCharsets.US_ASCII);

    private final RedisScriptingCommands<String, byte[]> redis;
    private final Notices notices;
    private final String channel;
    private final byte[] mode;
    private volatile Consumer<byte[]> receiver;

    ControlLine(RedisScriptingCommands<String, byte[]> redis, Notices notices, Keys keys) {
        this.redis = redis;
        this.notices = notices;
        this.channel = keys.prefix() + "control";
        this.mode = keys.cluster() ? CLUSTER : SERVER;
    }

    /** See {@link ControlChannel#send}; blocks up to the backplane's timeout. */
    void send(byte[] message) {
        if (message.length > ControlChannel.MAX_MESSAGE_BYTES) {
            throw new IllegalArgumentException("A control message is at most " + ControlChannel.MAX_MESSAGE_BYTES
                    + " bytes, was " + message.length);
        }
        try {
            SEND.run(redis, new String[] {channel}, message, mode);
        } catch (RedisException e) {
            throw new BackplaneException(
                    "Could not send a control message on Redis (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    /** See {@link ControlChannel#listen}; blocks until Redis confirmed the subscription, up to the timeout. */
    AutoCloseable listen(Consumer<byte[]> messages) {
        receiver = messages;
        try {
            notices.follow(channel);
        } catch (RedisException e) {
            receiver = null;
            throw new BackplaneException(
                    "Could not follow the control channel on Redis ("
                            + e.getClass().getSimpleName() + ")",
                    e);
        }
        return () -> {
            if (receiver == messages) {
                receiver = null;
                notices.unfollow(channel);
            }
        };
    }

    /**
     * Hands on a message, if it came on the control channel.
     *
     * @return whether it did
     */
    boolean offer(String from, byte[] message) {
        if (!channel.equals(from)) {
            return false;
        }
        Consumer<byte[]> current = receiver;
        if (current != null && message.length <= ControlChannel.MAX_MESSAGE_BYTES) {
            current.accept(message);
        }
        return true;
    }
}
