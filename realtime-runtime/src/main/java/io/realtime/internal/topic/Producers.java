package io.realtime.internal.topic;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The runs this node produces, one {@link RunSink} each, and the ends of runs: the producer's own, a stop from any
 * node, an interruption when the application stops. An end is an {@code end} event in the run's log, so it travels
 * through the backplane like any event, after every event published before it.
 */
final class Producers {

    private final TopicRegistry registry;
    private final ConcurrentMap<String, RunSink<?>> live = new ConcurrentHashMap<>();

    Producers(TopicRegistry registry) {
        this.registry = registry;
    }

    <T> RunSink<T> start(String name) {
        RunSink<T> sink = new RunSink<>(registry, this, name);
        if (live.putIfAbsent(name, sink) != null) {
            throw new IllegalStateException("Run '" + name + "' is produced on this node already; a name is one run");
        }
        try {
            sink.open();
        } catch (RuntimeException e) {
            live.remove(name, sink);
            throw e;
        }
        return sink;
    }

    /** Ends a run as stopped, unless it has ended already; from any node. */
    void stop(String name) {
        if (registry.log(name, true).end() == 0) {
            end(name, "stopped");
        }
    }

    /** Publishes the end of a run, with why it ended: {@code {"reason":"..."}}. */
    void end(String name, String reason) {
        byte[] data = ("{\"reason\":\"" + reason + "\"}").getBytes(StandardCharsets.UTF_8);
        registry.publish(name, true, TopicLog.END, data);
    }

    void ended(String name, RunSink<?> sink) {
        live.remove(name, sink);
    }

    void interruptAll() {
        for (RunSink<?> sink : List.copyOf(live.values())) {
            sink.end("interrupted");
        }
    }
}
