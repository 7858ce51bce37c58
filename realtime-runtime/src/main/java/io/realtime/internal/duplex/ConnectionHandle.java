package io.realtime.internal.duplex;

import io.realtime.Connection;
import io.realtime.Event;
import io.realtime.RealtimeSession;
import io.realtime.Topic;
import io.realtime.internal.Json;
import io.realtime.internal.outbound.Closing;
import io.realtime.internal.outbound.Feed;
import io.realtime.internal.outbound.Message;
import io.realtime.internal.topic.TopicReader;
import io.realtime.internal.topic.TopicRegistry;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The {@link Connection} handed to a {@code @Duplex} connection method, over whichever transport carries the
 * connection downstream. Sends go to the connection's bounded queue; a subscription is positioned by the
 * transport, which knows the client's cursor (and, over WebSocket, may still be waiting for it).
 */
final class ConnectionHandle<T> implements Connection<T> {

    private final String id = UUID.randomUUID().toString();
    private final Map<String, Object> attributes = new ConcurrentHashMap<>();
    private final AtomicReference<String> followed = new AtomicReference<>();
    private final Feed outbound; // a connection of its own, or a subscription of a shared one
    private final Json json;
    private final TopicRegistry topics;
    private final RealtimeSession tab;
    private final Consumer<TopicReader> position;

    /**
     * @param position positions the reader of a topic the connection has just subscribed to at the client's cursor,
     *     and makes the connection follow it
     */
    ConnectionHandle(
            Feed outbound, Json json, TopicRegistry topics, RealtimeSession tab, Consumer<TopicReader> position) {
        this.outbound = outbound;
        this.json = json;
        this.topics = topics;
        this.tab = tab;
        this.position = position;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public RealtimeSession session() {
        return tab;
    }

    @Override
    public boolean send(T data) {
        return queue(Event.DEFAULT_NAME, data);
    }

    @Override
    public boolean send(String event, T data) {
        return queue(Event.checkName(event), data);
    }

    private boolean queue(String event, T data) {
        Objects.requireNonNull(data, "data");
        return !outbound.isClosed() && outbound.offer(new Message(event, json.bytes(data)));
    }

    @Override
    public void subscribe(Topic<? extends T> topic) {
        String name = topics.nameOf(topic);
        if (!followed.compareAndSet(null, name)) {
            throw new IllegalStateException("This connection already follows topic '" + followed.get()
                    + "'; a connection follows at most one topic, so that one cursor describes it");
        }
        position.accept(outbound.subscribe(topics, new TopicRegistry.Source(name, false)));
    }

    /**
     * Subscribes to the topic a connection method returned, unless the method already subscribed to it.
     *
     * @param topic the returned topic, or {@code null} for a method that returned nothing
     */
    @SuppressWarnings("unchecked")
    public void adopt(Object topic) {
        if (topic != null && !topics.nameOf((Topic<?>) topic).equals(followed.get())) {
            subscribe((Topic<? extends T>) topic);
        }
    }

    @Override
    public void onClose(Runnable callback) {
        outbound.onClose(Objects.requireNonNull(callback, "callback"));
    }

    @Override
    public Map<String, Object> attributes() {
        return attributes;
    }

    @Override
    public boolean isOpen() {
        return !outbound.isClosed();
    }

    @Override
    public void close() {
        outbound.close(Closing.END);
    }
}
