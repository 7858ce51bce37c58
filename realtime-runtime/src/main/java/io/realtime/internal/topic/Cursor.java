package io.realtime.internal.topic;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A position in a topic: {@code <epoch>:<offset>}. The offset counts events from 1; the epoch names one
 * unbroken history of the topic, so a cursor is meaningful only with its epoch (docs/protocol.md, "Cursors").
 *
 * @param epoch the epoch
 * @param offset the offset of the last event the holder has, 0 for none
 */
public record Cursor(String epoch, long offset) {

    private static final Pattern EPOCH = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /**
     * Parses a cursor sent by a client.
     *
     * @param text the text, possibly malformed or absent
     * @return the cursor, or empty when the text is not a cursor
     */
    public static Optional<Cursor> parse(String text) {
        if (text == null || text.length() > 90) {
            return Optional.empty();
        }
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1 || text.length() - colon - 1 > 18) {
            return Optional.empty();
        }
        String epoch = text.substring(0, colon);
        long offset = 0;
        for (int i = colon + 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return Optional.empty();
            }
            offset = offset * 10 + (c - '0');
        }
        return EPOCH.matcher(epoch).matches() ? Optional.of(new Cursor(epoch, offset)) : Optional.empty();
    }

    /**
     * The cursor a client sent, as the transports read it: an empty value is no cursor, on every transport
     * (docs/protocol.md "Cursors"), as it is for a browser's {@code EventSource}, which never sends an empty
     * {@code Last-Event-ID} (WHATWG HTML §9.2.4).
     *
     * @param text the header, parameter or frame field, or {@code null}
     * @return the text, or {@code null} when absent or empty
     */
    public static String given(String text) {
        return text == null || text.isEmpty() ? null : text;
    }

    /**
     * Whether {@code epoch} may name an epoch: 1 to 64 characters from {@code [A-Za-z0-9_-]}.
     *
     * @param epoch the candidate
     * @return whether it is valid
     */
    public static boolean validEpoch(String epoch) {
        return EPOCH.matcher(epoch).matches();
    }

    @Override
    public String toString() {
        return epoch + ':' + offset;
    }
}
