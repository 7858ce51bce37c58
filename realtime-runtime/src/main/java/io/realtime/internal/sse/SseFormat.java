package io.realtime.internal.sse;

import io.realtime.internal.Json;
import io.realtime.internal.outbound.Message;
import io.realtime.internal.topic.LogEvent;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Server-Sent Events frames, byte for byte as docs/protocol.md shows them (WHATWG HTML §9.2 "Server-sent
 * events"). Every frame names its event; data spans one {@code data:} line per line of the JSON; ids and
 * names lose any CR or LF, which would otherwise end the field early and let data forge fields. On a shared
 * connection a subscription's frame starts with its {@code sub} field, which parsers that do not know it ignore
 * (§9.2.6), followed by the bytes a stream of its own would have.
 */
final class SseFormat {

    /** A comment: ignored by clients, keeps proxies and dead-peer detection busy. */
    static final byte[] HEARTBEAT = ascii(":\n\n");

    /** The stream is complete; the client must not reconnect. */
    static final byte[] END = ascii("event: end\ndata: {}\n\n");

    /**
     * The cookie session ended (logout, timeout): the client drops its tab token and negotiates again
     * (docs/protocol.md, "Identity").
     */
    static final byte[] SESSION_ENDED =
            ascii("event: revoked\ndata: {\"code\":\"session_ended\",\"message\":\"The HTTP session has ended\"}\n\n");

    private SseFormat() {}

    static byte[] preamble(long retryMillis) {
        return ascii("retry: " + retryMillis + "\n\n");
    }

    /** The preamble of a shared connection's stream, then the frame that names it, for the requests that change it. */
    static byte[] preamble(long retryMillis, String connection) {
        byte[] preamble = preamble(retryMillis);
        byte[] named = frame(
                null,
                "connection",
                ("{\"connection\":" + Json.quote(connection) + "}").getBytes(StandardCharsets.UTF_8));
        byte[] both = Arrays.copyOf(preamble, preamble.length + named.length);
        System.arraycopy(named, 0, both, preamble.length, named.length);
        return both;
    }

    static byte[] reconnect(long retryMillis) {
        return ascii("retry: " + retryMillis + "\nevent: reconnect\ndata: {}\n\n");
    }

    /**
     * Where a topic stream starts: an {@code id} alone, which a browser's {@code EventSource} takes as its last event
     * id without dispatching an event, since the data is empty (WHATWG HTML §9.2.6, "dispatch the event").
     */
    static byte[] start(String cursor) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(cursor.length() + 6);
        out.writeBytes(ascii("id: "));
        out.writeBytes(field(cursor));
        out.writeBytes(ascii("\n\n"));
        return out.toByteArray();
    }

    static byte[] reset(String sub, String cursor) {
        return tagged(
                sub,
                frame(cursor, "reset", ("{\"cursor\":" + Json.quote(cursor) + "}").getBytes(StandardCharsets.UTF_8)));
    }

    /** The frame of a topic event: the event's bytes are built once per event and shared (see LogEvent#sse). */
    static byte[] event(String sub, LogEvent event) {
        return tagged(sub, event.sse(SseFormat::event));
    }

    private static byte[] event(LogEvent event) {
        return frame(event.cursor(), event.name(), event.data());
    }

    static byte[] message(Message message) {
        return tagged(message.sub(), frame(null, message.name(), message.data()));
    }

    /** A subscription's frame: its {@code sub} field, then the frame of a stream of its own. */
    private static byte[] tagged(String sub, byte[] frame) {
        if (sub == null) {
            return frame;
        }
        byte[] field = field(sub);
        byte[] tagged = new byte[5 + field.length + 1 + frame.length];
        System.arraycopy(ascii("sub: "), 0, tagged, 0, 5);
        System.arraycopy(field, 0, tagged, 5, field.length);
        tagged[5 + field.length] = '\n';
        System.arraycopy(frame, 0, tagged, 6 + field.length, frame.length);
        return tagged;
    }

    static byte[] frame(String id, String event, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length + 64);
        if (id != null) {
            out.writeBytes(ascii("id: "));
            out.writeBytes(field(id));
            out.write('\n');
        }
        out.writeBytes(ascii("event: "));
        out.writeBytes(field(event));
        out.write('\n');
        int start = 0;
        for (int i = 0; i <= data.length; i++) {
            boolean end = i == data.length;
            if (end || data[i] == '\n' || data[i] == '\r') {
                out.writeBytes(ascii("data: "));
                out.write(data, start, i - start);
                out.write('\n');
                if (!end && data[i] == '\r' && i + 1 < data.length && data[i + 1] == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        out.write('\n');
        return out.toByteArray();
    }

    private static byte[] field(String value) {
        return value.replace("\r", "").replace("\n", "").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
