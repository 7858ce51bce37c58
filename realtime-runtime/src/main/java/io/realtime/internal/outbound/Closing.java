package io.realtime.internal.outbound;

/**
 * Why and how a connection closes.
 *
 * @param kind what the client is told
 * @param code the WebSocket close code that says it (RFC 6455 §7.4, docs/protocol.md "Close codes")
 * @param reason a short reason for humans, no secrets
 */
public record Closing(Kind kind, int code, String reason) {

    /** What the client is told. */
    public enum Kind {
        /** The stream is complete: the client does not reconnect. Queued data is written first. */
        END,
        /** The server is going away: the client reconnects later and resumes. Sent at once. */
        RECONNECT,
        /**
         * The client's identity no longer holds (its cookie session ended): the client drops its tab token and
         * negotiates before it comes back. Sent at once; nothing queued is written.
         */
        REVOKED,
        /** Closed without ceremony: the peer is gone, or must come back and resume (slow consumer). */
        ABORT
    }

    public static final Closing END = new Closing(Kind.END, 1000, "stream complete");
    /** A run the connection followed has ended: its {@code end} event, which the client has, says so already. */
    public static final Closing RUN_ENDED = new Closing(Kind.END, 1000, "run ended");

    public static final Closing SHUTDOWN = new Closing(Kind.RECONNECT, 1001, "server shutting down; reconnect");
    public static final Closing PEER_GONE = new Closing(Kind.ABORT, 1006, "peer gone");
    public static final Closing SLOW_CONSUMER = new Closing(Kind.ABORT, 4000, "slow consumer; resume from last cursor");
    public static final Closing SESSION_ENDED = new Closing(Kind.REVOKED, 1008, "session_ended");
    public static final Closing FAILED = new Closing(Kind.ABORT, 1011, "server error");
}
