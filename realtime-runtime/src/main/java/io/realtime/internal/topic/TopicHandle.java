package io.realtime.internal.topic;

import io.realtime.Event;
import io.realtime.Presence;
import io.realtime.Topic;

/** The {@link Topic} handed to applications: a name and the registry; the log behind it may come and go. */
final class TopicHandle<T> implements Topic<T> {

    private final TopicRegistry registry;
    private final String name;

    TopicHandle(TopicRegistry registry, String name) {
        this.registry = registry;
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String publish(T data) {
        return registry.publish(name, Event.DEFAULT_NAME, data);
    }

    @Override
    public String publish(String event, T data) {
        return registry.publish(name, Event.checkName(event), data);
    }

    @Override
    public Presence presence() {
        return registry.presence().of(name);
    }

    TopicRegistry registry() {
        return registry;
    }

    @Override
    public String toString() {
        return "Topic[" + name + ']';
    }
}
