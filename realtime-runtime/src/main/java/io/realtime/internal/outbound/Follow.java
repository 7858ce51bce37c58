package io.realtime.internal.outbound;

import io.realtime.internal.topic.TopicReader;

/**
 * A change to what a connection's writer reads, queued in order with what the connection sends. A connection of its
 * own starts following its topic here: the writer tells the client where it starts (unless a reset will tell it),
 * then reads the topic's events (docs/protocol.md, "Cursors"). On a shared connection, a subscription's
 * {@code subscribed} frame (which carries its cursor) and the events sent before it opened are written before its
 * topic is first read, and its {@code end} after the topic is last read (docs/protocol.md, "Shared connections").
 *
 * @param sub the subscription
 * @param reader the positioned reader to start reading, or {@code null} to stop reading the subscription's topic
 */
record Follow(String sub, TopicReader reader) implements Outgoing {

    @Override
    public Follow withSub(String subscription) {
        return new Follow(subscription, reader);
    }
}
