package io.realtime.redis;

import io.lettuce.core.RedisException;
import io.lettuce.core.api.sync.RedisScriptingCommands;
import io.realtime.spi.Backplane;
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
    private final Retained topics;

    /**
     * What a topic keeps in Redis: its newest {@code maxEvents} events, each for {@code maxAgeMillis}, in keys that
     * expire {@code expiryMillis} after the topic's last publish. Topics keep the backplane's settings; a run keeps
     * its own ({@link #retained(Backplane.Retention)}).
     */
    record Retained(int maxEvents, long maxAgeMillis, long expiryMillis) {

        private byte[] events() {
            return ascii(maxEvents);
        }

        private byte[] millis() {
            return ascii(maxAgeMillis);
        }

        private byte[] expiry() {
            return ascii(expiryMillis);
        }
    }

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
        this.topics = new Retained(maxEvents, maxAgeMillis, expiryMillis);
    }

    /** @return what a topic retains: the backplane's history settings */
    Retained topics() {
        return topics;
    }

    /**
     * What a run retains: its own count and age, in keys that live at least as long as its events.
     *
     * @param retention the run's retention, the same on every node
     * @return the limits
     */
    Retained retained(Backplane.Retention retention) {
        return new Retained(
                retention.maxEvents(),
                retention.maxAgeMillis(),
                Math.max(topics.expiryMillis(), retention.maxAgeMillis()));
    }

    StoredEvent publish(String topic, String name, byte[] data, Retained retained) {
        try {
            List<Object> reply = PUBLISH.run(
                    redis,
                    new String[] {keys.state(topic), keys.events(topic)},
                    newEpoch(),
                    name.getBytes(StandardCharsets.UTF_8),
                    data,
                    retained.events(),
                    retained.millis(),
                    retained.expiry(),
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
     * @param retained what the topic retains: a read returns at most its {@code maxEvents}
     * @return the snapshot, its entries in offset order
     */
    Snapshot read(String topic, String stale, String after, Retained retained) {
        try {
            List<Object> reply = SYNC.run(
                    redis,
                    new String[] {keys.state(topic), keys.events(topic)},
                    newEpoch(),
                    stale == null ? NONE : stale.getBytes(StandardCharsets.UTF_8),
                    after == null ? NONE : after.getBytes(StandardCharsets.US_ASCII),
                    retained.events(),
                    retained.expiry(),
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
