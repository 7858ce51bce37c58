package io.realtime.internal.control;

import io.realtime.internal.identity.Tokens;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * One control message between nodes (docs/scaling.md, "The control channel"), in ASCII lines:
 *
 * <pre>
 * rtc1
 * session-ended | tab-revoked | user-revoked | tab-changed
 * &lt;the sending node's id&gt;
 * &lt;the keyed fingerprint of what it concerns&gt;
 * </pre>
 *
 * The fingerprint stands for the cookie session's id, the tab id or the user's name, none of which leaves the node
 * ({@link Tokens#fingerprint}).
 * Anything else read from the channel is malformed, and {@link #parse} refuses it.
 *
 * @param kind what happened
 * @param origin the sending node
 * @param subject the fingerprint of what it concerns
 */
record ControlMessage(Kind kind, String origin, String subject) {

    private static final String VERSION = "rtc1";

    /** A node id: {@code [A-Za-z0-9_-]}, 1 to 32 characters. */
    static final Pattern NODE = Pattern.compile("[A-Za-z0-9_-]{1,32}");

    private static final Pattern FINGERPRINT = Pattern.compile("[A-Za-z0-9_-]{" + Tokens.FINGERPRINT_LENGTH + "}");

    /** The largest well-formed message, with room to spare: anything longer is refused unread. */
    static final int MAX_BYTES = 128;

    /** What happened, by its name on the wire. */
    enum Kind {
        /** A cookie session ended (a logout, or its timeout): its connections end on every node. */
        SESSION_ENDED("session-ended"),
        /** The application revoked a tab: its connections end on every node. */
        TAB_REVOKED("tab-revoked"),
        /** The application revoked a user: the user's connections end on every node. */
        USER_REVOKED("user-revoked"),
        /** A tab's shared attributes changed: every node that has the tab reads them again. */
        TAB_CHANGED("tab-changed");

        final String wire;

        Kind(String wire) {
            this.wire = wire;
        }

        static Kind of(String wire) {
            for (Kind kind : values()) {
                if (kind.wire.equals(wire)) {
                    return kind;
                }
            }
            return null;
        }
    }

    ControlMessage {
        if (!NODE.matcher(origin).matches() || !FINGERPRINT.matcher(subject).matches()) {
            throw new IllegalArgumentException("Malformed control message fields");
        }
    }

    byte[] bytes() {
        return String.join("\n", VERSION, kind.wire, origin, subject).getBytes(StandardCharsets.US_ASCII);
    }

    /** @return the message, or {@code null} if the bytes are not one */
    static ControlMessage parse(byte[] bytes) {
        if (bytes == null || bytes.length > MAX_BYTES) {
            return null;
        }
        String[] lines = new String(bytes, StandardCharsets.US_ASCII).split("\n", -1);
        if (lines.length != 4 || !lines[0].equals(VERSION)) {
            return null;
        }
        Kind kind = Kind.of(lines[1]);
        if (kind == null
                || !NODE.matcher(lines[2]).matches()
                || !FINGERPRINT.matcher(lines[3]).matches()) {
            return null;
        }
        return new ControlMessage(kind, lines[2], lines[3]);
    }
}
