package io.realtime;

/**
 * An imperative, per-client outlet for a {@link Stream} method declared {@code void m(EventSink<T> sink,
 * ...)}. Keep it and send to it from any thread for as long as the client stays connected.
 *
 * <p>Sending never blocks: events go to the connection's bounded queue and are written by the connection's
 * single writer. A client that does not keep up, whose queue overflows, is disconnected, and the sink
 * closes. Sending to a closed sink is not an error: it returns {@code false} and does nothing.
 *
 * @param <T> the type of the event data
 */
public interface EventSink<T> extends AutoCloseable {

    /**
     * Sends {@code data} as an event named {@code message}.
     *
     * @param data the event data, serialised as JSON on the calling thread
     * @return {@code true} if the event was queued, {@code false} if the sink is closed
     */
    boolean send(T data);

    /**
     * Sends {@code data} as an event with the given name.
     *
     * @param event the event name; see {@link Event#of(String, Object)} for the rules
     * @param data the event data, serialised as JSON on the calling thread
     * @return {@code true} if the event was queued, {@code false} if the sink is closed
     * @throws IllegalArgumentException if the name breaks the rules
     */
    boolean send(String event, T data);

    /**
     * Whether events sent now can still reach the client.
     *
     * @return {@code false} once the client has gone, the sink was closed, or the application stops
     */
    boolean isOpen();

    /**
     * Registers a callback run once when the sink closes, for whatever reason. Registering on a closed sink
     * runs the callback at once on the calling thread; otherwise it runs on a runtime thread and must not
     * block.
     *
     * @param callback the callback
     */
    void onClose(Runnable callback);

    /**
     * Ends the stream: queued events are written, then the client is told the stream is over (SSE event
     * {@code end}) and does not reconnect. Idempotent.
     */
    @Override
    void close();
}
