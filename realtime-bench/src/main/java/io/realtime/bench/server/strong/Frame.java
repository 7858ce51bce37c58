package io.realtime.bench.server.strong;

import java.nio.charset.StandardCharsets;

/**
 * One published message, encoded once for every transport when it is published, so that every subscriber gets
 * the same bytes and no connection encodes anything.
 *
 * @param offset its number in its topic's {@link Ring}: 1, 2, 3...; the cursor clients resume from
 * @param sse the Server-Sent Events frame: {@code id: <offset>}, {@code data: <json>} and an empty line
 * @param text the WebSocket text message: {@code {"id":"<offset>","data":<json>}}
 * @param json the message itself, as a long-poll answer lists it
 * @param answer the whole long-poll answer for a client that has everything before it:
 *     {@code {"cursor":"<offset>","events":[<json>]}}, shared by every poll waiting at the head
 */
record Frame(long offset, byte[] sse, String text, byte[] json, byte[] answer) {

    static Frame of(long offset, String json) {
        return new Frame(
                offset,
                ("id: " + offset + "\ndata: " + json + "\n\n").getBytes(StandardCharsets.UTF_8),
                "{\"id\":\"" + offset + "\",\"data\":" + json + "}",
                json.getBytes(StandardCharsets.UTF_8),
                ("{\"cursor\":\"" + offset + "\",\"events\":[" + json + "]}").getBytes(StandardCharsets.UTF_8));
    }
}
