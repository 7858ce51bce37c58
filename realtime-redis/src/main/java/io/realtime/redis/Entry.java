package io.realtime.redis;

import io.realtime.spi.StoredEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One event as Redis holds it: a stream entry, or the notice {@code publish.lua} sends about it.
 *
 * @param offset the event's offset in its epoch
 * @param id the stream entry id, {@code <milliseconds>-<sequence>}
 * @param name the event name
 * @param data the event data
 */
record Entry(long offset, String id, String name, byte[] data) {

    /** @return when Redis stored the event, from its stream id, in milliseconds since the epoch */
    long timestamp() {
        int dash = id.indexOf('-');
        return Long.parseLong(dash < 0 ? id : id.substring(0, dash));
    }

    StoredEvent stored(String topic, String epoch) {
        return new StoredEvent(topic, epoch, offset, name, data, timestamp());
    }

    /**
     * Reads an entry of an {@code XRANGE} reply: {@code [id, [field, value, ...]]}.
     *
     * @throws IllegalArgumentException if it is not one {@code publish.lua} wrote
     */
    static Entry fromStream(Object reply) {
        List<?> entry = (List<?>) reply;
        List<?> fields = (List<?>) entry.get(1);
        long offset = -1;
        String name = null;
        byte[] data = null;
        for (int i = 0; i + 1 < fields.size(); i += 2) {
            byte[] value = (byte[]) fields.get(i + 1);
            switch (text(fields.get(i))) {
                case "o" -> offset = Long.parseLong(text(value));
                case "n" -> name = text(value);
                case "d" -> data = value;
                default -> {}
            }
        }
        if (offset < 1 || name == null || data == null) {
            throw new IllegalArgumentException("Not an event entry: " + text(entry.get(0)));
        }
        return new Entry(offset, text(entry.get(0)), name, data);
    }

    /** Compares stream ids, {@code <milliseconds>-<sequence>}, in stream order. */
    static int compareIds(String a, String b) {
        int dashA = a.indexOf('-');
        int dashB = b.indexOf('-');
        int byMillis = Long.compare(Long.parseLong(a.substring(0, dashA)), Long.parseLong(b.substring(0, dashB)));
        return byMillis != 0
                ? byMillis
                : Long.compare(Long.parseLong(a.substring(dashA + 1)), Long.parseLong(b.substring(dashB + 1)));
    }

    static String text(Object bytes) {
        return new String((byte[]) bytes, StandardCharsets.UTF_8);
    }
}
