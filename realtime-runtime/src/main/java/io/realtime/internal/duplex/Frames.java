package io.realtime.internal.duplex;

import io.realtime.internal.Json;
import io.realtime.internal.outbound.Message;
import io.realtime.internal.outbound.Reply;
import io.realtime.internal.topic.LogEvent;
import java.nio.charset.StandardCharsets;

/**
 * The JSON frames a {@code @Duplex} client receives, byte for byte as docs/protocol.md shows them: over
 * WebSocket each is one text frame; over the fallback, replies are {@code POST} response bodies. On a shared
 * connection each frame of a subscription carries its {@code sub} first ({@link Json#tagged(String, String)}).
 */
public final class Frames {

    private Frames() {}

    /** A topic event: {@code {"id":...,"event":...,"data":...}}; built once per event (see LogEvent#jsonText). */
    public static String event(LogEvent event) {
        return "{\"id\":" + Json.quote(event.cursor()) + ",\"event\":" + Json.quote(event.name()) + ",\"data\":"
                + utf8(event.data()) + '}';
    }

    /** An event for one connection (or subscription) alone: no {@code id}, not replayed. */
    public static String message(Message message) {
        return Json.tagged(
                message.sub(), "{\"event\":" + Json.quote(message.name()) + ",\"data\":" + utf8(message.data()) + '}');
    }

    /**
     * Where the connection's topic starts, before any of its events: {@code {"id":...}}, a cursor without an event
     * (docs/protocol.md, "Resuming").
     */
    public static String start(String cursor) {
        return "{\"id\":" + Json.quote(cursor) + '}';
    }

    /** The client's cursor is unknown; it continues after {@code cursor} (docs/protocol.md, "Cursors"). */
    public static String reset(String sub, String cursor) {
        String quoted = Json.quote(cursor);
        return Json.tagged(sub, "{\"id\":" + quoted + ",\"event\":\"reset\",\"data\":{\"cursor\":" + quoted + "}}");
    }

    /** A reply: a message's result, or its error. */
    public static String reply(Reply reply) {
        if (reply instanceof Reply.Data data) {
            return Json.tagged(data.sub(), "{\"ref\":" + data.ref() + ",\"data\":" + utf8(data.data()) + '}');
        }
        Reply.Error error = (Reply.Error) reply;
        return Json.tagged(error.sub(), error(error.ref(), error.code(), error.message()));
    }

    /** Message {@code ref} failed; without a ref when the frame was unreadable before one was found. */
    private static String error(Long ref, String code, String message) {
        String error = "\"error\":{\"code\":" + Json.quote(code) + ",\"message\":" + Json.quote(message) + "}}";
        return ref == null ? '{' + error : "{\"ref\":" + ref + ',' + error;
    }

    private static String utf8(byte[] json) {
        return new String(json, StandardCharsets.UTF_8);
    }
}
