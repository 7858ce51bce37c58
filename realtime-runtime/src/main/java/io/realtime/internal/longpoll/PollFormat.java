package io.realtime.internal.longpoll;

import io.realtime.internal.Json;
import io.realtime.internal.metrics.ConnectionMetrics;
import io.realtime.internal.outbound.Message;
import io.realtime.internal.topic.LogEvent;
import io.realtime.internal.topic.TopicReader;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Long-poll bodies, byte for byte as docs/protocol.md shows them: a batch {@code {"cursor":..,"events":[..]}}
 * bounded in count and bytes, and a reset {@code {"reset":true,"cursor":..}}.
 *
 * @param maxEvents the most events in one batch
 * @param maxBytes the most bytes of events in one batch; a batch always carries at least one event
 */
record PollFormat(int maxEvents, int maxBytes) {

    /**
     * The answer to a topic poll, read by its reader from the client's cursor: the events after it, within the
     * bounds; a reset when the reader has one first (an unknown cursor, a new epoch, events that have left the
     * window); {@code 204} when there is nothing (the epoch changed back, which a backplane may do on recovery).
     */
    Answer topic(TopicReader reader, ConnectionMetrics metrics) {
        Batch batch = new Batch();
        while (reader.read(batch)) {
            if (batch.reset != null) {
                metrics.reset();
                return Answer.json(reset(batch.reset));
            }
        }
        if (!batch.events.isEmpty()) {
            metrics.delivered(batch.events.size(), batch.oldest);
        }
        return batch.cursor == null ? Answer.NO_CONTENT : Answer.json(batch(batch.cursor, batch.events));
    }

    /** One answer's events, bounded in count and bytes; it takes a reset only as its one item. */
    private final class Batch implements TopicReader.Target<RuntimeException> {
        // The events' shared encodings, copied once, into the answer (batch below).
        final List<byte[]> events = new ArrayList<>();
        String cursor;
        String reset;
        int bytes;
        long oldest; // when the oldest event was stored, for the delivery lag

        @Override
        public boolean event(LogEvent event) {
            if (events.size() >= maxEvents) {
                return false;
            }
            byte[] json = event.json(PollFormat::event);
            if (!events.isEmpty() && bytes + 1 + json.length > maxBytes) {
                return false;
            }
            bytes += (events.isEmpty() ? 0 : 1) + json.length;
            events.add(json);
            cursor = event.cursor();
            if (oldest == 0 || event.timestamp() < oldest) {
                oldest = event.timestamp();
            }
            return true;
        }

        @Override
        public boolean reset(String at) {
            if (!events.isEmpty()) {
                return false; // overtaken while reading: the next poll, from this batch's cursor, gets the reset
            }
            reset = at;
            return true;
        }
    }

    /**
     * Builds an answer in one array of its exact size, each event copied into it once.
     *
     * @return {@code {"cursor":"<cursor>","events":[<events>]}}, the events comma-separated
     */
    static byte[] batch(String cursor, List<byte[]> events) {
        byte[] head = ("{\"cursor\":" + Json.quote(cursor) + ",\"events\":[").getBytes(StandardCharsets.UTF_8);
        int size = head.length + Math.max(0, events.size() - 1) + 2;
        for (byte[] event : events) {
            size += event.length;
        }
        byte[] body = new byte[size];
        System.arraycopy(head, 0, body, 0, head.length);
        int at = head.length;
        for (int i = 0; i < events.size(); i++) {
            if (i > 0) {
                body[at++] = ',';
            }
            byte[] event = events.get(i);
            System.arraycopy(event, 0, body, at, event.length);
            at += event.length;
        }
        body[at++] = ']';
        body[at] = '}';
        return body;
    }

    /** @return {@code {"reset":true,"cursor":"<cursor>"}} */
    static byte[] reset(String cursor) {
        return ("{\"reset\":true,\"cursor\":" + Json.quote(cursor) + "}").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A reset among the events of a poll connection's batch, as a WebSocket frame has it: {@code
     * {"id":c,"event":"reset","data":{"cursor":c}}}, with the subscription's {@code sub} on a shared connection.
     */
    static byte[] reset(String sub, String cursor) {
        return Json.tagged(
                sub,
                object(cursor, "reset", ("{\"cursor\":" + Json.quote(cursor) + "}").getBytes(StandardCharsets.UTF_8)));
    }

    /** A topic event in a batch, built once per event and shared by every poll (see LogEvent#json). */
    static byte[] event(LogEvent event) {
        return object(event.cursor(), event.name(), event.data());
    }

    /** An event for one client alone: no {@code id}, as it is not replayed. */
    static byte[] message(Message message) {
        return object(null, message.name(), message.data());
    }

    private static byte[] object(String id, String name, byte[] data) {
        String head =
                (id == null ? "{" : "{\"id\":" + Json.quote(id) + ",") + "\"event\":" + Json.quote(name) + ",\"data\":";
        byte[] prefix = head.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(prefix.length + data.length + 1);
        out.writeBytes(prefix);
        out.writeBytes(data);
        out.write('}');
        return out.toByteArray();
    }
}
