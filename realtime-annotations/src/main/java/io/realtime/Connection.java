package io.realtime;

import java.util.Map;

/**
 * One client connection to a {@link Duplex} endpoint, whatever transport carries it (a WebSocket, or
 * Server-Sent Events or long-poll with {@code POST} upstream). Given to a connection method
 * {@code m(Connection<T> c, ...)} when the connection opens.
 *
 * <p>Threading: every method is safe from any thread and never blocks. Events go to the connection's bounded
 * queue and its single writer; a client that does not keep up is disconnected with a close code that tells
 * it to resume from its last cursor.
 *
 * @param <T> the type of the event data sent to the client
 */
public interface Connection<T> {

    /**
     * An identifier unique among the application's open connections.
     *
     * @return the connection id
     */
    String id();

    /**
     * The session of the browser tab on the other end.
     *
     * @return the session
     */
    RealtimeSession session();

    /**
     * Sends {@code data} to this client only, as an event named {@code message}. Such events carry no cursor
     * and are not replayed on reconnect.
     *
     * @param data the event data, serialised as JSON on the calling thread
     * @return {@code true} if queued, {@code false} if the connection is closed
     */
    boolean send(T data);

    /**
     * Sends {@code data} to this client only, as an event with the given name.
     *
     * @param event the event name; see {@link Event#of(String, Object)} for the rules
     * @param data the event data, serialised as JSON on the calling thread
     * @return {@code true} if queued, {@code false} if the connection is closed
     */
    boolean send(String event, T data);

    /**
     * Subscribes this connection to a topic, resuming from the client's cursor when it sent one. A connection
     * follows at most one topic, so that one cursor describes exactly what it has received.
     *
     * @param topic the topic
     * @throws IllegalStateException if the connection already follows a topic
     */
    void subscribe(Topic<? extends T> topic);

    /**
     * Registers a callback run once when the connection closes, for whatever reason. It runs on a runtime
     * thread and must not block; registering on a closed connection runs it at once.
     *
     * @param callback the callback
     */
    void onClose(Runnable callback);

    /**
     * Attributes of this connection, for the application's own use; gone when it closes. For state shared by
     * every connection of the same browser tab, use {@link RealtimeSession#attributes()}.
     *
     * @return a thread-safe map
     */
    Map<String, Object> attributes();

    /**
     * Whether the connection is open.
     *
     * @return {@code true} until the connection closes
     */
    boolean isOpen();

    /** Closes the connection normally; the client does not reconnect. Idempotent. */
    void close();
}
