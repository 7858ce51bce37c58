package io.realtime.internal.outbound;

import io.realtime.internal.topic.TopicReader;

/**
 * The connection starts following a topic here: the writer tells the client where it starts (unless a reset will
 * tell it), then reads the topic's events. Queued, so that the start comes in the order the connection method
 * subscribed and sent, and before any event of the topic (docs/protocol.md, "Cursors").
 *
 * @param reader the connection's reader, positioned
 */
record Follow(TopicReader reader) implements Outgoing {}
