package io.realtime.internal.outbound;

import io.realtime.internal.topic.TopicReader;

/**
 * A change to what a shared connection's writer reads, queued in order with the subscription's frames: its
 * {@code subscribed} frame and the events sent before it opened are written before its topic is first read, and its
 * {@code end} after the topic is last read (docs/protocol.md, "Shared connections"). The writer applies it; no
 * transport sees it.
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
