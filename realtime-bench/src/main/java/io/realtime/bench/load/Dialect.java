package io.realtime.bench.load;

import java.util.Map;

/**
 * How one server variant is addressed: its request targets and headers per transport, and how a long-poll
 * client finds its next request in an answer. The library and the hand-written endpoints share paths
 * ({@code /ws}, {@code /sse}, {@code /poll?cursor=}); Atmosphere is spoken as its JavaScript client speaks it
 * (transport and tracking id as query parameters, its protocol handshake, message-size tracking).
 */
public enum Dialect {
    /** This library. */
    LIBRARY,
    /** The hand-written endpoints. */
    RAW,
    /** Atmosphere 4. */
    ATMOSPHERE;

    private static final String ATMOSPHERE_PATH = "/atmosphere/bench?X-Atmosphere-Framework=4.0.33-javascript"
            + "&X-Atmosphere-TrackMessageSize=true&Content-Type=application/json";

    private static final byte[] CURSOR = "\"cursor\":\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /**
     * The dialect for a variant name.
     *
     * @param variant {@code library}, {@code raw} or {@code atmosphere}
     * @return the dialect
     */
    public static Dialect of(String variant) {
        return valueOf(variant.toUpperCase(java.util.Locale.ROOT));
    }

    /** The first request's target. */
    String target(Transport transport) {
        if (this == ATMOSPHERE) {
            String name = switch (transport) {
                case WEBSOCKET -> "websocket";
                case SSE -> "sse";
                case LONG_POLL -> "long-polling";
            };
            return ATMOSPHERE_PATH + "&X-Atmosphere-tracking-id=0&X-atmo-protocol=true&X-Atmosphere-Transport=" + name;
        }
        return switch (transport) {
            // An empty lastEventId starts delivery at once; without it the library waits up to a second for
            // a first frame that may carry the client's cursor (docs/protocol.md, "Resuming").
            case WEBSOCKET -> this == LIBRARY ? "/ws?lastEventId=" : "/ws";
            case SSE -> "/sse";
            case LONG_POLL -> "/poll";
        };
    }

    /** Extra request headers, each line ending in CRLF. */
    String headers(Transport transport) {
        return switch (transport) {
            case WEBSOCKET -> this == LIBRARY ? "Sec-WebSocket-Protocol: realtime.v1\r\n" : "";
            case SSE -> "Accept: text/event-stream\r\n";
            case LONG_POLL -> "Accept: application/json\r\n";
        };
    }

    /**
     * The next long-poll target after an answer, or {@code null} to repeat the previous one.
     *
     * @param status the answer's status
     * @param headers its headers, names in lower case
     * @param body its body
     * @param from where the body starts in {@code body}
     * @param to where it ends
     */
    String nextPoll(int status, Map<String, String> headers, byte[] body, int from, int to) {
        if (status != 200) {
            return null;
        }
        if (this == ATMOSPHERE) {
            String tracking = headers.get("x-atmosphere-tracking-id");
            return tracking == null
                    ? null
                    : ATMOSPHERE_PATH + "&X-Atmosphere-Transport=long-polling&X-Atmosphere-tracking-id=" + tracking;
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
        return "/poll?cursor=" + new String(body, start, end - start, java.nio.charset.StandardCharsets.US_ASCII);
    }
}
