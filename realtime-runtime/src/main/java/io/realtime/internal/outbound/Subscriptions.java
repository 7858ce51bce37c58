package io.realtime.internal.outbound;

import io.realtime.internal.topic.TopicReader;

/**
 * The topic a connection follows, through its {@link TopicReader}: subscribed first (so that nothing published
 * while the client's cursor is still unknown is missed), then followed once positioned, read by the connection's
 * writer, and closed with the connection. One topic per connection for now, so that one cursor says exactly what
 * the client has (docs/protocol.md, "Cursors"); this is where a connection will hold one reader per subscription.
 *
 * <p>Threading: subscribing, following and closing from any thread; reading by the connection's writer alone, which
 * sees the reader's position through the volatile write that follows it.
 */
final class Subscriptions {

    private volatile TopicReader subscribed; // set once the connection subscribes, positioned or not
    private volatile TopicReader followed; // set once positioned: from then on read by the writer alone
    private volatile boolean closed;

    /**
     * Checks that {@code positioned} is the reader this connection subscribed, before it is queued to be followed.
     *
     * @throws IllegalStateException if it is another
     */
    void check(TopicReader positioned) {
        if (positioned != subscribed) {
            throw new IllegalStateException("Follow the reader this connection subscribed");
        }
    }

    /**
     * Subscribes to a topic.
     *
     * @param reader a new reader of the topic, whose wake-ups wake the connection's writer
     * @return the reader, subscribed, not yet read
     * @throws IllegalStateException if the connection already follows a topic
     */
    TopicReader subscribe(TopicReader reader) {
        synchronized (this) {
            if (subscribed != null) {
                reader.close();
                throw new IllegalStateException("This connection already follows topic '" + subscribed.topic() + "'");
            }
            subscribed = reader;
        }
        if (closed) {
            reader.close(); // close() may have looked before the reader was set
        }
        return reader;
    }

    /** Starts reading a reader {@link #subscribe} returned, once positioned; called by the writer. */
    void follow(TopicReader positioned) {
        followed = positioned; // volatile: publishes the reader's position to the writer
    }

    /** @return whether a read now would yield something */
    boolean hasNext() {
        TopicReader reader = followed;
        return reader != null && reader.hasNext();
    }

    /** Reads the next item into {@code target}; see {@link TopicReader#read}. */
    <X extends Exception> boolean read(TopicReader.Target<X> target) throws X {
        TopicReader reader = followed;
        return reader != null && reader.read(target);
    }

    /** Stops following: the connection has closed. Idempotent. */
    void close() {
        closed = true;
        TopicReader reader = subscribed;
        if (reader != null) {
            reader.close();
        }
    }
}
