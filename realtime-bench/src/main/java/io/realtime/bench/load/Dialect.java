package io.realtime.bench.load;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * How one server variant is addressed: its request targets and headers per transport and topic, how a client
 * resumes from a position, and how a long-poll client finds its next position in an answer. The library and the
 * hand-written variants share paths ({@code /ws}, {@code /sse}, {@code /poll?cursor=}, and {@code /ws/<room>}...);
 * Atmosphere is spoken as its JavaScript client speaks it (transport and tracking id as query parameters, its
 * protocol handshake, message-size tracking).
 */
public enum Dialect {
    /** This library. */
    LIBRARY,
    /** The hand-written endpoints an expert would write. */
    STRONG,
    /** The hand-written endpoints common code would be. */
    NAIVE,
    /** Atmosphere 4. */
    ATMOSPHERE;

    /**
     * How long the Atmosphere long-poll client waits before polling again, where atmosphere.js polls again at
     * once. A browser takes a few milliseconds to hand a finished response to the page and start the next fetch;
     * this client takes microseconds, and so hits Atmosphere's window between answering a poll and unregistering
     * it (see the README) far more often than a browser would.
     */
    static final long ATMOSPHERE_REPOLL_NANOS = 5_000_000;

    private static final byte[] CURSOR = "\"cursor\":\"".getBytes(StandardCharsets.US_ASCII);

    /**
     * The dialect for a variant name.
     *
     * @param variant {@code library}, {@code strong}, {@code naive} or {@code atmosphere}
     * @return the dialect
     */
    public static Dialect of(String variant) {
        return valueOf(variant.toUpperCase(Locale.ROOT));
    }

    /**
     * Whether a client can resume over {@code transport} from the position it had: the library and the strong
     * variant on every transport, the naive one over long-poll, Atmosphere not with this client.
     *
     * @param transport the transport
     * @return {@code true} if so
     */
    public boolean resumes(Transport transport) {
        return switch (this) {
            case LIBRARY, STRONG -> true;
            case NAIVE -> transport == Transport.LONG_POLL;
            case ATMOSPHERE -> false;
        };
    }

    /**
     * The first request's target.
     *
     * @param room the room's number, or -1 for the main topic
     * @param position where to resume from ({@link #resumes}), or {@code null} to start from now
     */
    String target(Transport transport, int room, String position) {
        if (this == ATMOSPHERE) {
            String name = switch (transport) {
                case WEBSOCKET -> "websocket";
                case SSE -> "sse";
                case LONG_POLL -> "long-polling";
            };
            return atmospherePath(room) + "&X-Atmosphere-tracking-id=0&X-atmo-protocol=true&X-Atmosphere-Transport="
                    + name;
        }
        String path = switch (transport) {
            case WEBSOCKET -> "/ws";
            case SSE -> "/sse";
            case LONG_POLL -> "/poll";
        };
        if (room >= 0) {
            path += "/" + room;
        }
        return switch (transport) {
            // An empty lastEventId starts the library's delivery at once; without it the library waits up to a
            // second for a first frame that may carry the client's cursor (docs/protocol.md, "Resuming").
            case WEBSOCKET ->
                position != null ? path + "?lastEventId=" + position : this == LIBRARY ? path + "?lastEventId=" : path;
            case SSE -> path;
            case LONG_POLL -> position != null ? path + "?cursor=" + position : path;
        };
    }

    /** Extra request headers, each line ending in CRLF. */
    String headers(Transport transport, String position) {
        return switch (transport) {
            case WEBSOCKET -> this == LIBRARY ? "Sec-WebSocket-Protocol: realtime.v1\r\n" : "";
            case SSE ->
                "Accept: text/event-stream\r\n" + (position != null ? "Last-Event-ID: " + position + "\r\n" : "");
            case LONG_POLL -> "Accept: application/json\r\n";
        };
    }

    /**
     * The position a long-poll answer gives for the next poll: the cursor of the library and the hand-written
     * endpoints, Atmosphere's tracking id; {@code null} to keep the previous one.
     *
     * @param status the answer's status
     * @param headers its headers, names in lower case
     * @param body its body
     * @param from where the body starts in {@code body}
     * @param to where it ends
     */
    String nextPosition(int status, Map<String, String> headers, byte[] body, int from, int to) {
        if (status != 200) {
            return null;
        }
        if (this == ATMOSPHERE) {
            return headers.get("x-atmosphere-tracking-id");
        }
        int at = Bytes.indexOf(body, CURSOR, from, to);
        if (at < 0) {
            return null;
        }
        int start = at + CURSOR.length;
        int end = start;
        while (end < to && body[end] != '"') {
            end++;
        }
        return new String(body, start, end - start, StandardCharsets.US_ASCII);
    }

    /** The next long-poll target once an answer gave {@code position}. */
    String pollTarget(int room, String position) {
        if (this == ATMOSPHERE) {
            return atmospherePath(room) + "&X-Atmosphere-Transport=long-polling&X-Atmosphere-tracking-id=" + position;
        }
        return target(Transport.LONG_POLL, room, position);
    }

    /** How long to wait before polling again after an answer. */
    long repollNanos() {
        return this == ATMOSPHERE ? ATMOSPHERE_REPOLL_NANOS : 0;
    }

    private static String atmospherePath(int room) {
        return (room >= 0 ? "/atmosphere/rooms/" + room : "/atmosphere/bench")
                + "?X-Atmosphere-Framework=4.0.33-javascript&X-Atmosphere-TrackMessageSize=true"
                + "&Content-Type=application/json";
    }
}
