package io.realtime.internal.topic;

import io.realtime.RealtimeException;
import io.realtime.Run;
import io.realtime.Topic;
import io.realtime.Topics;
import io.realtime.internal.Json;
import io.realtime.internal.limits.EvictionClock;
import io.realtime.internal.metrics.MetricsRelay;
import io.realtime.internal.presence.PresenceRegistry;
import io.realtime.spi.Backplane;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The application's topics and runs (a run is a topic with an end and a producer): creates logs on first use, evicts idle ones, and bounds how many exist. The bound locks
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
    private final MetricsRelay metrics = new MetricsRelay();
    private final int runMaxEvents;
    private final long runMaxAgeMillis;
    private final Producers producers = new Producers(this);

    /**
     * @param backplane the configured backplane; when empty, the in-memory one of a single node, which keeps the epoch
     *     and head of as many evicted topics as {@code maxTopics}, for a day
     * @param json serialises what is published, once for every subscriber
     * @param maxEvents the most events a topic retains
     * @param maxAgeMillis how long a topic retains an event
     * @param maxTopics the most topics and runs at once
     */
    public TopicRegistry(Optional<Backplane> backplane, Json json, int maxEvents, long maxAgeMillis, int maxTopics) {
        this(backplane, json, maxEvents, maxAgeMillis, maxTopics, 100, 5000, 10_000, 3_600_000);
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
     * @param runMaxEvents the most events a run retains
     * @param runMaxAgeMillis how long a run retains an event
     */
    public TopicRegistry(
            Optional<Backplane> backplane,
            Json json,
            int maxEvents,
            long maxAgeMillis,
            int maxTopics,
            int presenceListLimit,
            long presenceGraceMillis,
            int runMaxEvents,
            long runMaxAgeMillis) {
        this.runMaxEvents = runMaxEvents;
        this.runMaxAgeMillis = runMaxAgeMillis;
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

    @Override
    public <T> Run<T> run(String name) {
        return new RunHandle<>(this, checkName(name));
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
     * The log behind a run returned by an application method.
     *
     * @param run a run from this registry
     * @return its name
     * @throws IllegalStateException if the run does not come from {@link #run(String)} of this registry
     */
    public String nameOf(Run<?> run) {
        if (run instanceof RunHandle<?> handle && handle.registry() == this) {
            return handle.name();
        }
        throw new IllegalStateException("Return a Run obtained from Topics.run(...) of this application, not "
                + (run == null ? "null" : run.getClass().getName()));
    }

    /**
     * What a client follows: a topic, or a run (a finite topic that is read from its start and ends).
     *
     * @param name the topic's or run's name
     * @param run whether it is a run
     */
    public record Source(String name, boolean run) {}

    /**
     * The topic or run an application method returned.
     *
     * @param returned a {@link Topic} or a {@link Run} from this registry
     * @return what the client follows
     * @throws IllegalStateException if it is neither, or comes from another registry
     */
    public Source sourceOf(Object returned) {
        if (returned instanceof Run<?> run) {
            return new Source(nameOf(run), true);
        }
        if (returned == null || returned instanceof Topic<?>) {
            return new Source(nameOf((Topic<?>) returned), false);
        }
        throw new IllegalStateException("Return a Topic or a Run of this application, not "
                + returned.getClass().getName());
    }

    /**
     * Subscribes a new reader to a topic or a run, as {@link #reader(String, Runnable)} and
     * {@link #runReader(String, Runnable)} do.
     */
    public TopicReader reader(Source source, Runnable wake) {
        return reader(source.name(), source.run(), wake);
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
        return reader(name, false, wake);
    }

    /**
     * Subscribes a new reader to a run, as {@link #reader(String, Runnable)} does to a topic: a finite one, which
     * reads the run from its start and stops after its end (see {@link TopicReader}).
     */
    public TopicReader runReader(String name, Runnable wake) {
        return reader(name, true, wake);
    }

    TopicReader reader(String name, boolean run, Runnable wake) {
        while (true) {
            TopicLog log = log(name, run);
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
        return publish(name, false, event, data);
    }

    String publish(String name, boolean run, String event, Object data) {
        byte[] bytes = json.bytes(Objects.requireNonNull(data, "data")); // serialised once for every subscriber
        return publish(name, run, event, bytes);
    }

    String publish(String name, boolean run, String event, byte[] bytes) {
        while (true) {
            TopicLog log = log(name, run);
            long start = System.nanoTime();
            try {
                String cursor = log.publish(event, bytes);
                metrics.backplane(System.nanoTime() - start, false);
                metrics.published();
                return cursor;
            } catch (TopicLog.Closed evicted) {
                logs.remove(name, log);
            } catch (RuntimeException failed) {
                metrics.backplane(System.nanoTime() - start, true);
                throw failed;
            }
        }
    }

    /**
     * Asks the backplane whether its store can be reached now ({@link Backplane#probe()}); may block as that does.
     *
     * @throws io.realtime.spi.BackplaneException if it cannot
     */
    public void probeBackplane() {
        backplane.probe();
    }

    /**
     * Where the runtime reports what it does; this registry reports publishes and the backplane's answers to it.
     * Made with the registry, since topics may exist before the runtime that binds it.
     */
    public MetricsRelay metrics() {
        return metrics;
    }

    /** The log of a topic or a run, opened with the limits of whichever asks first. */
    TopicLog log(String name, boolean run) {
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
            TopicLog made = run
                    ? TopicLog.open(n, backplane, runMaxEvents, runMaxAgeMillis, true)
                    : TopicLog.open(n, backplane, maxEvents, maxAgeMillis, false);
            clock.add(made);
            return made;
        });
    }

    /** @return the runs this node produces */
    Producers producers() {
        return producers;
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

    /**
     * A topic as the admin page shows it.
     *
     * @param name the topic's name
     * @param subscribers its subscribers on this node
     * @param head the offset of its newest event, in its epoch
     * @param epoch its epoch
     */
    public record Load(String name, int subscribers, long head, String epoch) {}

    /**
     * The topics with the most subscribers on this node. Visits every topic: for the admin page, every few seconds.
     *
     * @param limit how many to list at most
     * @return them, the most subscribed first
     */
    public List<Load> busiest(int limit) {
        return logs.entrySet().stream()
                .map(entry -> {
                    Window window = entry.getValue().window();
                    return new Load(entry.getKey(), entry.getValue().subscribers(), window.head(), window.epoch());
                })
                .sorted(Comparator.comparingInt(Load::subscribers).reversed().thenComparing(Load::name))
                .limit(limit)
                .toList();
    }

    /**
     * @param name a topic's name
     * @return its subscribers on this node; 0 when it does not live here
     */
    public int subscribers(String name) {
        TopicLog log = logs.get(name);
        return log == null ? 0 : log.subscribers();
    }

    /** @return the number of subscriptions across all topics */
    public int subscriptions() {
        int total = 0;
        for (TopicLog log : logs.values()) {
            total += log.subscribers();
        }
        return total;
    }

    /**
     * Ends every run this node produces, as interrupted, so that their clients hear the end rather than wait for
     * events that will not come; the application is stopping. Before the connections close, so that they write it.
     */
    public void interruptRuns() {
        producers.interruptAll();
    }

    /** Closes every topic, then the backplane; the runtime is stopping. Later publishes throw. */
    public void close() {
        closed = true;
        producers.interruptAll();
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
