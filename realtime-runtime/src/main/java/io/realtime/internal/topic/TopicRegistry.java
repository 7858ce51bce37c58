package io.realtime.internal.topic;

import io.realtime.RealtimeException;
import io.realtime.Topic;
import io.realtime.Topics;
import io.realtime.internal.Json;
import io.realtime.internal.limits.EvictionClock;
import io.realtime.internal.presence.PresenceRegistry;
import io.realtime.spi.Backplane;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The application's topics: creates logs on first use, evicts idle ones, and bounds how many exist. The bound locks
 * nobody out (docs/security.md, "Limits"): a new topic beyond it makes room by evicting the least recently used topic
 * that nobody follows, a topic used once (one publish, say) before any other ({@link EvictionClock}); its
 * subscribers-to-be get {@code reset} when they come back. Only when every topic is followed is a new one refused.
 * It owns the backplane behind them, and closes it with itself.
 */
public final class TopicRegistry implements Topics {

    /** The name of the events that tell a topic's subscribers who joined and who left. */
    static final String PRESENCE_EVENT = "presence";

    private final ConcurrentMap<String, TopicLog> logs = new ConcurrentHashMap<>();
    private final EvictionClock<TopicLog> clock = new EvictionClock<>();
    private final Backplane backplane;
    private final Json json;
    private final int maxEvents;
    private final long maxAgeMillis;
    private final int maxTopics;
    private volatile boolean closed;
    private final PresenceRegistry presence;

    /**
     * @param backplane the configured backplane; when empty, the in-memory one of a single node, which keeps the epoch
     *     and head of as many evicted topics as {@code maxTopics}, for a day
     * @param json serialises what is published, once for every subscriber
     * @param maxEvents the most events a topic retains
     * @param maxAgeMillis how long a topic retains an event
     * @param maxTopics the most topics at once
     */
    public TopicRegistry(Optional<Backplane> backplane, Json json, int maxEvents, long maxAgeMillis, int maxTopics) {
        this(backplane, json, maxEvents, maxAgeMillis, maxTopics, 100, 5000);
    }

    /**
     * @param backplane the configured backplane; when empty, the in-memory one of a single node, which keeps the epoch
     *     and head of as many evicted topics as {@code maxTopics}, for a day
     * @param json serialises what is published, once for every subscriber
     * @param maxEvents the most events a topic retains
     * @param maxAgeMillis how long a topic retains an event
     * @param maxTopics the most topics at once
     * @param presenceListLimit the most present members listed per topic
     * @param presenceGraceMillis how long a tab without connections stays present
     */
    public TopicRegistry(
            Optional<Backplane> backplane,
            Json json,
            int maxEvents,
            long maxAgeMillis,
            int maxTopics,
            int presenceListLimit,
            long presenceGraceMillis) {
        this.presence = new PresenceRegistry(
                (topic, data) -> publish(topic, PRESENCE_EVENT, data),
                presenceListLimit,
                presenceGraceMillis,
                backplane.flatMap(Backplane::presence));
        this.backplane = backplane.orElseGet(
                () -> new InMemoryBackplane(new Remnants(maxTopics, InMemoryBackplane.REMNANT_MILLIS)));
        this.json = json;
        this.maxEvents = maxEvents;
        this.maxAgeMillis = maxAgeMillis;
        this.maxTopics = maxTopics;
    }

    @Override
    public <T> Topic<T> get(String name) {
        return new TopicHandle<>(this, checkName(name));
    }

    /**
     * The log behind a topic returned by an application method.
     *
     * @param topic a topic from this registry
     * @return its name
     * @throws IllegalStateException if the topic does not come from {@link #get(String)} of this registry
     */
    public String nameOf(Topic<?> topic) {
        if (topic instanceof TopicHandle<?> handle && handle.registry() == this) {
            return handle.name();
        }
        throw new IllegalStateException("Return a Topic obtained from Topics.get(...) of this application, not "
                + (topic == null ? "null" : topic.getClass().getName()));
    }

    /**
     * Subscribes a new reader to a topic, creating the topic if needed; retries when racing with eviction. The
     * reader reads nothing until it is positioned, and follows the topic until it is closed.
     *
     * @param name the topic name
     * @param wake run on the publisher's thread after every append: must only hand off, never block
     * @return the reader, subscribed
     */
    public TopicReader reader(String name, Runnable wake) {
        while (true) {
            TopicLog log = log(name);
            TopicReader reader = new TopicReader(log, wake);
            try {
                log.subscribe(reader);
                return reader;
            } catch (TopicLog.Closed evicted) {
                logs.remove(name, log);
            }
        }
    }

    /** @return the presence of every topic, which the runtime ticks */
    public PresenceRegistry presence() {
        return presence;
    }

    String publish(String name, String event, Object data) {
        byte[] bytes = json.bytes(Objects.requireNonNull(data, "data")); // serialised once for every subscriber
        while (true) {
            TopicLog log = log(name);
            try {
                return log.publish(event, bytes);
            } catch (TopicLog.Closed evicted) {
                logs.remove(name, log);
            }
        }
    }

    private TopicLog log(String name) {
        if (closed) {
            // Not attached again: a backplane the runtime closed would connect again for a runtime that has gone.
            throw new IllegalStateException("The realtime runtime has stopped: topic '" + name + "' is closed");
        }
        TopicLog log = logs.get(name);
        if (log != null) {
            return log;
        }
        if (logs.size() >= maxTopics) {
            clock.evictOne(logs.size(), idle -> idle.evict() && logs.remove(idle.name(), idle));
            if (logs.size() >= maxTopics) {
                throw RealtimeException.of(
                        503, "too_many_topics", "Every one of the application's " + maxTopics + " topics is followed");
            }
        }
        return logs.computeIfAbsent(name, n -> {
            TopicLog made = TopicLog.open(n, backplane, maxEvents, maxAgeMillis);
            clock.add(made);
            return made;
        });
    }

    /**
     * Evicts topics that nobody follows and whose history has expired.
     *
     * @param nowMillis the current time
     */
    public void evictIdle(long nowMillis) {
        logs.forEach((name, log) -> {
            if (log.closeIfIdle(nowMillis)) {
                logs.remove(name, log);
            }
        });
        clock.purge();
    }

    /** @return the number of live topics */
    public int size() {
        return logs.size();
    }

    /** @return the number of subscriptions across all topics */
    public int subscriptions() {
        int total = 0;
        for (TopicLog log : logs.values()) {
            total += log.subscribers();
        }
        return total;
    }

    /** Closes every topic, then the backplane; the runtime is stopping. Later publishes throw. */
    public void close() {
        closed = true;
        logs.values().forEach(TopicLog::close);
        logs.clear();
        backplane.close();
    }

    private static String checkName(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty() || name.length() > 256) {
            throw new IllegalArgumentException("Topic name must be 1 to 256 characters, was " + name.length());
        }
        for (int i = 0; i < name.length(); i++) {
            if (Character.isISOControl(name.charAt(i))) {
                throw new IllegalArgumentException("Topic name must not contain control characters");
            }
        }
        return name;
    }
}
