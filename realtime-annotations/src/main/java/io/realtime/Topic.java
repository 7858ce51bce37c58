package io.realtime;

/**
 * A named, ordered, resumable stream of events that any number of clients subscribe to. Obtain one from
 * {@link Topics#get(String)}; return it from a {@link Stream}, {@link Push} or {@link Duplex} method to
 * subscribe the client.
 *
 * <p>Every published event gets a cursor {@code <epoch>:<offset>}: the offset grows by one per event, the
 * epoch changes whenever history may have been lost. Recent events are retained (bounded by count and by
 * age, both configurable), so a client that reconnects with its last cursor receives exactly the events it
 * missed, or an explicit {@code reset} when they are no longer retained.
 *
 * <p>Threading: safe to use from any thread. {@code publish} never waits for subscribers: it serialises
 * the data once with Jackson and appends it to the log; every subscriber gets the same bytes. With a remote
 * backplane it waits for the backplane's acknowledgement, for a bounded time.
 *
 * @param <T> the type of the event data
 */
public interface Topic<T> {

    /**
     * The topic's name, as given to {@link Topics#get(String)}.
     *
     * @return the name
     */
    String name();

    /**
     * Publishes {@code data} as an event named {@code message}.
     *
     * @param data the event data, serialised as JSON
     * @return the cursor assigned to the event
     * @throws RealtimeException if the data cannot be serialised or the backplane refuses the event
     */
    String publish(T data);

    /**
     * Publishes {@code data} as an event with the given name.
     *
     * @param event the event name; see {@link Event#of(String, Object)} for the rules
     * @param data the event data, serialised as JSON
     * @return the cursor assigned to the event
     * @throws IllegalArgumentException if the name breaks the rules of {@link Event#of(String, Object)}
     * @throws RealtimeException if the data cannot be serialised or the backplane refuses the event
     */
    String publish(String event, T data);

    /**
     * Who is here on this topic: the tabs whose connections have joined it. Cheap; the same state for every call.
     *
     * @return the topic's presence
     */
    Presence presence();
}
