package io.realtime.internal.outbound;

import io.realtime.Event;
import io.realtime.internal.Json;

/** Turns items of per-client streams into messages: an {@link Event} keeps its name, anything else is "message". */
final class Messages {

    private Messages() {}

    static Message of(Json json, Object item) {
        if (item instanceof Event<?> event) {
            return new Message(event.name(), json.bytes(event.data()));
        }
        if (item == null) {
            throw new NullPointerException("A per-client stream produced a null item");
        }
        return new Message(Event.DEFAULT_NAME, json.bytes(item));
    }
}
