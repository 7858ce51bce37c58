package io.realtime.internal.outbound;

/**
 * What is queued on one connection for its single writer, in order: an event for that connection alone, the reply
 * to one of its messages, or the start or end of following a topic. Topic events are not queued; the writer reads
 * them from the topic itself, once it has written where the topic starts. Each
 * transport encodes each kind its own way (docs/protocol.md), so nothing is routed by a name or re-encoded on the
 * way.
 */
public sealed interface Outgoing permits Message, Reply, Follow {

    /** @return the subscription of a shared connection this belongs to, or {@code null} on a connection of its own */
    String sub();

    /** @return the same item for subscription {@code subscription} of a shared connection */
    Outgoing withSub(String subscription);
}
