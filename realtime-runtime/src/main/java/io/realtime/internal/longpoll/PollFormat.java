package io.realtime.internal.longpoll;

import io.realtime.internal.Json;
import io.realtime.internal.outbound.Message;
import io.realtime.internal.topic.LogEvent;
import io.realtime.internal.topic.Window;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
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
     * The answer to a topic poll at {@code epoch:offset}, read from the window as it is now: the events after
     * the cursor; a reset when the window has moved to another epoch or the cursor has fallen out of it;
     * {@code 204} when there is nothing (the epoch changed back, which a backplane may do on recovery).
     */
    Answer topic(Window window, String epoch, long offset) {
        if (!window.epoch().equals(epoch)) {
            // History was lost: continue with whatever of the new epoch this node still holds (as Outbound does).
            long from = window.isRetained(window.start()) ? window.start() : window.head();
            return Answer.json(reset(window.epoch() + ':' + from));
        }
        ByteArrayOutputStream events = new ByteArrayOutputStream();
        String cursor = null;
        int count = 0;
        for (long at = offset; count < maxEvents; count++) {
            LogEvent event = window.next(at);
            if (event == null) {
                break;
            }
            if (event == Window.GAP) {
                if (count == 0) {
                    return Answer.json(reset(epoch + ':' + window.head()));
                }
                break; // overtaken while reading: the next poll, from this batch's cursor, gets the reset
            }
            byte[] json = event.json(PollFormat::event);
            if (count > 0 && events.size() + 1 + json.length > maxBytes) {
                break;
            }
            if (count > 0) {
                events.write(',');
            }
            events.writeBytes(json);
            cursor = event.cursor();
            at = event.offset();
        }
        return cursor == null ? Answer.NO_CONTENT : Answer.json(batch(cursor, events.toByteArray()));
    }

    /** @return {@code {"cursor":"<cursor>","events":[<events>]}} */
    static byte[] batch(String cursor, byte[] events) {
        byte[] head = ("{\"cursor\":" + Json.quote(cursor) + ",\"events\":[").getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(head.length + events.length + 2);
        out.writeBytes(head);
        out.writeBytes(events);
        out.writeBytes(new byte[] {']', '}'});
        return out.toByteArray();
    }

    /** @return a batch of already encoded events, comma-separated */
    static byte[] batch(String cursor, List<byte[]> events) {
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (int i = 0; i < events.size(); i++) {
            if (i > 0) {
                joined.write(',');
            }
            joined.writeBytes(events.get(i));
        }
        return batch(cursor, joined.toByteArray());
    }

    /** @return {@code {"reset":true,"cursor":"<cursor>"}} */
    static byte[] reset(String cursor) {
        return ("{\"reset\":true,\"cursor\":" + Json.quote(cursor) + "}").getBytes(StandardCharsets.UTF_8);
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
