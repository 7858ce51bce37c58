package io.realtime.internal.topic;

import io.realtime.EventSink;
import io.realtime.Run;

/** The {@link Run} handed to applications: a name and the registry; the log behind it comes and goes. */
final class RunHandle<T> implements Run<T> {

    private final TopicRegistry registry;
    private final String name;

    RunHandle(TopicRegistry registry, String name) {
        this.registry = registry;
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public EventSink<T> start() {
        return registry.producers().start(name);
    }

    @Override
    public void stop() {
        registry.producers().stop(name);
    }

    TopicRegistry registry() {
        return registry;
    }

    @Override
    public String toString() {
        return "Run[" + name + ']';
    }
}
