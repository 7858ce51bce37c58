package io.realtime.internal.outbound;

/**
 * An event addressed to one connection alone: no cursor, not replayed on reconnect.
 *
 * @param name the event name
 * @param data the event data as JSON
 */
public record Message(String name, byte[] data) implements Outgoing {}
