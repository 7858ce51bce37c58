package io.realtime.internal.outbound;

import io.realtime.internal.topic.TopicReader;
import io.realtime.internal.topic.TopicRegistry;

/**
 * Where what one endpoint method produced goes: a connection of its own ({@link Outbound}, protocol 1), or one
 * {@link Subscription} of a shared connection (docs/protocol.md, "Shared connections"). The method's result is
 * wired into it the same way either way ({@link Delivery}), so a per-client stream, a topic or a {@code @Duplex}
 * connection behaves alike on both.
 *
 * <p>Threading: every method from any thread, without blocking.
 */
public interface Feed {

    /**
     * Opens the feed for writing, once. Later calls do nothing.
     *
     * @return whether this call opened it
     */
    boolean open();

    /**
     * Claims a feed that never opened, so that the caller may answer with an error instead.
     *
     * @return whether the feed had not opened and now never will
     */
    boolean refuse();

    /** @return whether the feed is open and not closing */
    boolean isOpen();

    /** @return whether the feed has closed */
    boolean isClosed();

    /**
     * Subscribes the feed to a topic or a run: the reader reads nothing until it is {@link #follow followed}, once
     * positioned.
     * At most one topic per feed, so that one cursor says exactly what the client has (docs/protocol.md, "Cursors").
     * The subscription ends with the feed.
     *
     * @param topics the application's topics
     * @param source the topic or run
     * @return the reader, to position at the client's cursor
     * @throws IllegalStateException if the feed already follows a topic
     */
    TopicReader subscribe(TopicRegistry topics, TopicRegistry.Source source);

    /**
     * Starts reading the topic the feed subscribed to, from where its reader was positioned; a reader positioned at
     * an unknown cursor makes the client hear {@code reset} first.
     *
     * @param positioned the reader {@link #subscribe} returned, positioned
     */
    void follow(TopicReader positioned);

    /**
     * Queues an event for this feed alone, or a reply to one of its messages.
     *
     * @return whether it was queued; {@code false} when closed, or when the connection's queue overflowed, which
     *     closes the connection as a slow consumer
     */
    boolean offer(Outgoing item);

    /** @return how many more items the connection's queue accepts now */
    int room();

    /** Runs {@code listener} once, after the connection's queue has drained to half its capacity or less. */
    void whenRoom(Runnable listener);

    /**
     * Asks the feed to close: {@link Closing.Kind#END} after what is queued, others at once. Idempotent; the first
     * request wins.
     */
    void close(Closing why);

    /**
     * Registers a callback for when the feed closes; runs it at once if closed already.
     *
     * @param callback must not block
     */
    void onClose(Runnable callback);
}
