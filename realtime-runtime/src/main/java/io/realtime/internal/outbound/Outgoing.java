package io.realtime.internal.outbound;

/**
 * What is queued on one connection for its single writer, in order: an event for that connection alone, the reply
 * to one of its messages, or the start of the topic it follows. Topic events are not queued; the writer reads them
 * from the topic itself, once it has written where the topic starts. Each transport encodes each kind its own way
 * (docs/protocol.md), so nothing is routed by a name or re-encoded on the way.
 */
public sealed interface Outgoing permits Message, Reply, Follow {}
