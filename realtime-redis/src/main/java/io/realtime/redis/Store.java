package io.realtime.redis;

import io.lettuce.core.RedisException;
import io.lettuce.core.api.sync.RedisScriptingCommands;
import io.realtime.spi.BackplaneException;
import io.realtime.spi.StoredEvent;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;

/** The topics' state in Redis, read and written only through the two scripts, so every step is atomic. */
final class Store {

    static final Script PUBLISH = Script.load("epoch.lua", "publish.lua");
    static final Script SYNC = Script.load("epoch.lua", "sync.lua");
    private static final byte[] CLUSTER = "cluster".getBytes(StandardCharsets.US_ASCII);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] NONE = new byte[0];

    private final RedisScriptingCommands<String, byte[]> redis;
    private final Keys keys;
    private final byte[] mode;
    private final int maxEvents;
    private final byte[] retainedEvents;
    private final byte[] retainedMillis;
    private final byte[] expiryMillis;

    /**
     * @param redis commands on one server, or on a cluster, where each script runs on the master of its topic's
     *     slot
     * @param keys the names, which also tell whether Redis is a cluster
     */
    Store(
            RedisScriptingCommands<String, byte[]> redis,
            Keys keys,
            int maxEvents,
            long maxAgeMillis,
            long expiryMillis) {
        this.redis = redis;
        this.keys = keys;
        this.mode = keys.cluster() ? CLUSTER : NONE;
        this.maxEvents = maxEvents;
        this.retainedEvents = ascii(maxEvents);
        this.retainedMillis = ascii(maxAgeMillis);
        this.expiryMillis = ascii(expiryMillis);
    }

    /** @return how many events a read returns at most: the retained history */
    int maxEvents() {
        return maxEvents;
    }

    StoredEvent publish(String topic, String name, byte[] data) {
        try {
            List<Object> reply = PUBLISH.run(
                    redis,
                    new String[] {keys.state(topic), keys.events(topic)},
                    newEpoch(),
                    name.getBytes(StandardCharsets.UTF_8),
                    data,
                    retainedEvents,
                    retainedMillis,
                    expiryMillis,
                    keys.channel(topic).getBytes(StandardCharsets.UTF_8),
                    mode);
            String epoch = Entry.text(reply.get(0));
            Entry entry = new Entry((Long) reply.get(1), Entry.text(reply.get(2)), name, data);
            return entry.stored(topic, epoch);
        } catch (RedisException e) {
            throw failure("publish to", topic, e);
        }
    }

    /**
     * Reads a topic's epoch and newest offset with events of its stream, starting the topic if it has no state.
     *
     * @param stale an epoch to replace by a new one, because its history went back in time; {@code null} for none
     * @param after read the events after this stream id, oldest first; {@code null} for the newest events
     * @return the snapshot, its entries in offset order
     */
    Snapshot read(String topic, String stale, String after) {
        try {
            List<Object> reply = SYNC.run(
                    redis,
                    new String[] {keys.state(topic), keys.events(topic)},
                    newEpoch(),
                    stale == null ? NONE : stale.getBytes(StandardCharsets.UTF_8),
                    after == null ? NONE : after.getBytes(StandardCharsets.US_ASCII),
                    retainedEvents,
                    expiryMillis,
                    mode);
            List<Entry> entries = new ArrayList<>();
            for (Object entry : (List<?>) reply.get(2)) {
                entries.add(Entry.fromStream(entry));
            }
            if (after == null) {
                Collections.reverse(entries);
            }
            return new Snapshot(Entry.text(reply.get(0)), Long.parseLong(Entry.text(reply.get(1))), entries);
        } catch (RedisException e) {
            throw failure("read", topic, e);
        }
    }

    // The message may reach clients (as a 503 body): it names no host, port or Redis reply; the cause does.
    static BackplaneException failure(String action, String topic, RuntimeException cause) {
        return new BackplaneException(
                "Could not " + action + " topic '" + topic + "' on Redis ("
                        + cause.getClass().getSimpleName() + ")",
                cause);
    }

    private static byte[] newEpoch() {
        byte[] bytes = new byte[9];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encode(bytes);
    }

    private static byte[] ascii(long value) {
        return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
    }
}
