package io.realtime.internal.metrics;

/**
 * What one connection reports, whatever its transport (see {@link Metrics}). Threading: any thread; never blocks.
 */
public interface ConnectionMetrics {

    /** Reports nothing. */
    ConnectionMetrics NONE = new ConnectionMetrics() {};

    /** The connection opened: it counts among the open connections until {@link #closed}. */
    default void opened() {}

    /**
     * A connection that {@link #opened} closed.
     *
     * @param nanos how long it was open
     * @param slowConsumer whether it was closed because the client did not keep up
     */
    default void closed(long nanos, boolean slowConsumer) {}

    /**
     * An event or message was written to the client.
     *
     * @param publishedMillis when a topic's event was stored, in epoch milliseconds, for the delivery lag; or
     *     {@code 0} for a message to this connection alone, which has no lag to tell
     */
    default void delivered(long publishedMillis) {}

    /** A message for this connection alone was dropped: its queue was full. */
    default void dropped() {}

    /** The client was told {@code reset}: it must forget what it has. */
    default void reset() {}

    /** The client came back with a cursor, asking to resume. */
    default void resumed() {}
}
