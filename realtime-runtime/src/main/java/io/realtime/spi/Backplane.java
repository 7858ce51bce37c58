package io.realtime.spi;

import java.util.Optional;

/**
 * Orders and stores the events of every topic, and tells each node about them. The runtime keeps, per topic
 * a node serves, a window of recent events fed by {@link #attach}; clients resume from that window, so a
 * backplane shared by several nodes makes every cursor valid on every node.
 *
 * <p>The in-memory backplane, the default, serves a single node. A shared one (Redis Streams, for example)
 * must assign offsets atomically with storing the event, so that offsets of a topic form one gap-free
 * sequence per epoch across all nodes, and must start a new epoch whenever it may have lost history.
 *
 * <p>Threading: every method may be called from any thread. {@link #publish} runs on the publisher's
 * thread and may block for a bounded time (it should fail within about two seconds when the store is
 * unreachable). Listener callbacks for one topic must not run concurrently with each other.
 */
public interface Backplane extends AutoCloseable {

    /**
     * Starts feeding this node the events of a topic. The listener first receives
     * {@link Listener#onReset(String, long)} with the topic's epoch and the offset just before the first
     * retained event, then every retained event, then every event published from then on by any node, each
     * exactly once and in offset order. The runtime attaches at most once per topic at a time.
     *
     * @param topic the topic name
     * @param listener receives the topic's events
     * @return the attachment; closing it stops the feed
     */
    Attachment attach(String topic, Listener listener);

    /**
     * Starts feeding this node the events of a topic that must retain {@code retention} rather than what the
     * backplane retains for topics: a run (a topic with an end, {@code io.realtime.Run}), which clients replay from
     * its start. Otherwise as {@link #attach(String, Listener)}; every node attaches a run with the same retention,
     * and a backplane that stores history trims it to that retention whenever an event of the topic is published.
     *
     * <p>The default ignores the retention and attaches as for topics: right for a backplane that stores no history
     * (the in-memory one, whose node keeps the run's window by the run's limits); one that stores history should
     * override it, or a run longer than its history cannot be replayed from its start.
     *
     * @param topic the topic name
     * @param retention how much of the topic to retain
     * @param listener receives the topic's events
     * @return the attachment; closing it stops the feed
     */
    default Attachment attach(String topic, Retention retention, Listener listener) {
        return attach(topic, listener);
    }

    /**
     * Appends an event to a topic that this node is attached to, assigning its offset atomically with
     * storing it. The event also reaches every attached listener, this node's included.
     *
     * @param topic the topic name
     * @param name the event name
     * @param data the event data, JSON, serialised once by the publisher; never modified
     * @return the stored event with its epoch and offset
     * @throws BackplaneException if the event could not be stored. With a store reached over a network, a
     *     timeout cannot tell whether the store received the event: if it did, the event is delivered as usual
     */
    StoredEvent publish(String topic, String name, byte[] data);

    /**
     * Presence shared by every node of this backplane, if it offers it. Without it, each node answers for its own
     * members only, and publishes their changes like any event.
     *
     * @return the shared presence, or empty: the default
     */
    default Optional<SharedPresence> presence() {
        return Optional.empty();
    }

    /**
     * Checks that the store can be reached now, for the runtime's readiness ({@code RealtimeHealth}). The runtime
     * calls it about once a second on one of its threads, never on a request's, and never twice at once.
     *
     * <p>May block for a bounded time (it should fail within about two seconds). The default does nothing: a
     * backplane inside the node, such as the in-memory one, is always reachable.
     *
     * @throws BackplaneException if the store cannot be reached; its message must not hold a secret
     */
    default void probe() {}

    /**
     * Control messages between the nodes of this backplane, if it offers them: a cookie session that ends on one
     * node then ends its connections on every node. Without it (the default, right for the in-memory backplane),
     * such an end reaches the connections of the node that saw it only.
     *
     * @return the control channel, or empty: the default
     */
    default Optional<ControlChannel> control() {
        return Optional.empty();
    }

    /**
     * Tab attributes shared by every node of this backplane, if it offers them: a tab that reconnects to another
     * node keeps its {@code RealtimeSession.attributes()} ({@code RealtimeConfig.tabAttributesAcrossNodes}). Without
     * it (the default, right for the in-memory backplane), each node keeps the attributes of the tabs it serves.
     *
     * @return the tab store, or empty: the default
     */
    default Optional<TabStore> tabs() {
        return Optional.empty();
    }

    /** Releases the backplane's resources; the runtime calls it when the application stops. */
    @Override
    void close();

    /**
     * How much of one topic's history to retain: the newest {@code maxEvents} events, none older than
     * {@code maxAgeMillis}.
     *
     * @param maxEvents at least 1
     * @param maxAgeMillis at least 1
     */
    record Retention(int maxEvents, long maxAgeMillis) {

        /**
         * Checks the limits.
         *
         * @param maxEvents the newest events retained
         * @param maxAgeMillis how long an event is retained, in milliseconds
         */
        public Retention {
            if (maxEvents < 1 || maxAgeMillis < 1) {
                throw new IllegalArgumentException("Retention must keep at least one event for at least 1 ms, was "
                        + maxEvents + " events for " + maxAgeMillis + " ms");
            }
        }
    }

    /** Receives a topic's events, in order. Implementations are the runtime's; they do not block. */
    interface Listener {

        /**
         * The next event of the topic: its offset is one more than that of the previous event or reset.
         *
         * @param event the event
         */
        void onEvent(StoredEvent event);

        /**
         * Everything before is forgotten: the topic now has this epoch, and the next event will have offset
         * {@code head + 1}. Sent first on attach, and whenever the backplane may have lost history.
         *
         * @param epoch the epoch
         * @param head the offset of the last event before the ones that follow
         */
        void onReset(String epoch, long head);
    }

    /** A node's attachment to a topic. */
    interface Attachment extends AutoCloseable {

        /**
         * Brings the listener up to date: when this returns, every event the store held when it was called has
         * reached the listener (or a reset has). The runtime calls it when a client presents a cursor beyond
         * this node's newest event or of another epoch: with a store shared by several nodes, that client may
         * come from a node a moment ahead of this one, and deserves its events rather than a reset.
         *
         * <p>Runs on the caller's thread and may block for a bounded time; it must not run concurrently with
         * the listener's other callbacks. The default does nothing: a backplane that feeds its listeners before
         * {@link Backplane#publish} returns is never behind.
         *
         * @throws BackplaneException if the store could not be reached; the listener is unchanged then
         */
        default void catchUp() {}

        /** Stops feeding the listener. Idempotent. */
        @Override
        void close();
    }
}
