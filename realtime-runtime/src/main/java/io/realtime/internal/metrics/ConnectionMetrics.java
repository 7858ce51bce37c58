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
     * Events or messages were written to the client, in one drain of its queue: reported once per drain rather
     * than once per event, so that a burst costs one record, not one per event.
     *
     * @param count how many were written
     * @param oldestPublishedMillis when the oldest topic event among them was stored, in epoch milliseconds, for the
     *     delivery lag; or {@code 0} when there was none (messages to this connection alone have no lag to tell)
     */
    default void delivered(int count, long oldestPublishedMillis) {}

    /** A message for this connection alone was dropped: its queue was full. */
    default void dropped() {}

    /** The client was told {@code reset}: it must forget what it has. */
    default void reset() {}

    /** The client came back with a cursor, asking to resume. */
    default void resumed() {}
}
