package io.realtime.bench.load;

/** The three ways a client follows a broadcast. */
public enum Transport {
    /** RFC 6455 WebSocket, text frames. */
    WEBSOCKET("WebSocket"),
    /** Server-Sent Events over a chunked HTTP/1.1 response. */
    SSE("SSE"),
    /** Long-poll: one held HTTP/1.1 request after another on a keep-alive connection. */
    LONG_POLL("long-poll");

    private final String label;

    Transport(String label) {
        this.label = label;
    }

    /**
     * The name shown in reports.
     *
     * @return such as {@code long-poll}
     */
    public String label() {
        return label;
    }
}
