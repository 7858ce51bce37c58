package io.realtime.spi;

import java.util.Objects;

/**
 * An event as the backplane stored it.
 *
 * @param topic the topic name
 * @param epoch the topic's epoch when the event was stored
 * @param offset the event's position in the topic, from 1, one more than the previous event's
 * @param name the event name
 * @param data the event data as JSON; shared, never modified
 * @param timestamp when the event was stored, in milliseconds since the epoch
 */
public record StoredEvent(String topic, String epoch, long offset, String name, byte[] data, long timestamp) {

    /**
     * Checks the fields.
     *
     * @param topic the topic name
     * @param epoch the epoch
     * @param offset the offset
     * @param name the event name
     * @param data the data
     * @param timestamp the timestamp
     */
    public StoredEvent {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(epoch, "epoch");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(data, "data");
        if (offset < 1) {
            throw new IllegalArgumentException("offset must be at least 1, was " + offset);
        }
    }
}
