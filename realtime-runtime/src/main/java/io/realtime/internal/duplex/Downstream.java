package io.realtime.internal.duplex;

import io.realtime.internal.Json;
import io.realtime.internal.endpoint.Call;
import io.realtime.internal.endpoint.Route;
import io.realtime.internal.outbound.Feed;
import io.realtime.internal.topic.TopicReader;
import io.realtime.internal.topic.TopicRegistry;
import java.util.function.Consumer;

/**
 * The downstream half of a {@code @Duplex} endpoint: the connection method gets a {@link ConnectionHandle} backed
 * by the connection of whichever transport carries it (a WebSocket, or Server-Sent Events when WebSocket cannot be
 * used; messages then come separately by {@code POST}). One per runtime; thread-safe.
 */
public final class Downstream {

    private final Json json;
    private final TopicRegistry topics;

    public Downstream(Json json, TopicRegistry topics) {
        this.json = json;
        this.topics = topics;
    }

    /**
     * Calls the route's connection method with a {@link io.realtime.Connection} backed by {@code connection}, and
     * subscribes it to the topic the method returned. Called on a worker; the method may block.
     *
     * @param position positions the reader of a topic the connection has just subscribed to at the client's cursor,
     *     and makes the connection follow it
     * @throws Exception whatever the method threw
     */
    public void connect(Route route, Call call, Feed connection, Consumer<TopicReader> position) throws Exception {
        ConnectionHandle<Object> handle = new ConnectionHandle<>(connection, json, topics, call.tab(), position);
        handle.adopt(route.main().invoke(call.connection(handle)));
    }

    /**
     * Calls the route's connection method, if it has one, and opens the connection; for a transport that knows
     * the client's cursor when it connects. Called on a worker.
     *
     * @param lastEventId the client's cursor, or {@code null}
     * @throws Exception whatever the method threw, before the connection opened, so that the caller can answer
     *     with an HTTP error instead
     */
    public void start(Route route, Call call, Feed connection, String lastEventId) throws Exception {
        if (route.main() != null) {
            connect(route, call, connection, reader -> {
                reader.position(lastEventId);
                connection.follow(reader);
            });
        }
        connection.open();
    }
}
