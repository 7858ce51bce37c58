package io.realtime.internal.topic;

import io.realtime.RealtimeException;
import io.realtime.Topic;
import io.realtime.Topics;
import io.realtime.internal.Json;
import io.realtime.spi.Backplane;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The application's topics: creates logs on first use, evicts idle ones, and bounds how many exist. It owns the
 * backplane behind them, and closes it with itself.
 */
public final class TopicRegistry implements Topics {

    private final ConcurrentMap<String, TopicLog> logs = new ConcurrentHashMap<>();
    private final Backplane backplane;
    private final Json json;
    private final int maxEvents;
    private final long maxAgeMillis;
    private final int maxTopics;

    /**
     * @param backplane the configured backplane; the in-memory one of a single node when empty
     * @param json serialises what is published, once for every subscriber
     * @param maxEvents the most events a topic retains
     * @param maxAgeMillis how long a topic retains an event
     * @param maxTopics the most topics at once
     */
    public TopicRegistry(Optional<Backplane> backplane, Json json, int maxEvents, long maxAgeMillis, int maxTopics) {
        this.backplane = backplane.orElseGet(InMemoryBackplane::new);
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
        TopicLog log = logs.get(name);
        if (log != null) {
            return log;
        }
        if (logs.size() >= maxTopics) {
            throw RealtimeException.of(
                    503, "too_many_topics", "The application has reached its limit of " + maxTopics + " topics");
        }
        return logs.computeIfAbsent(name, n -> TopicLog.open(n, backplane, maxEvents, maxAgeMillis));
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

    /** Closes every topic, then the backplane; the runtime is stopping. */
    public void close() {
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
