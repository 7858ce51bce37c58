package io.realtime.internal.outbound;

/**
 * An event addressed to one connection alone, or to one subscription of a shared connection: no cursor, not
 * replayed on reconnect.
 *
 * @param sub the subscription it belongs to on a shared connection, or {@code null} on a connection of its own
 * @param name the event name
 * @param data the event data as JSON
 */
public record Message(String sub, String name, byte[] data) implements Outgoing {

    /** An event for a connection of its own. */
    public Message(String name, byte[] data) {
        this(null, name, data);
    }

    @Override
    public Message withSub(String subscription) {
        return new Message(subscription, name, data);
    }
}
