package io.realtime.internal.websocket;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/**
 * Joins the parts of one inbound message (RFC 6455 §5.4 fragments, or the chunks a container hands to a partial
 * handler) under the size limit. Counting here rather than trusting the container's own limits makes the limit
 * the same everywhere: containers count text in characters or in bytes, per frame or per message, with different
 * defaults. Confined to the container's delivery of one socket's messages, which is one at a time.
 */
final class MessageParts {

    private final int limit;
    private final StringBuilder text = new StringBuilder();
    private final ByteArrayOutputStream binary = new ByteArrayOutputStream();
    private long size;
    private boolean oversize;

    MessageParts(int limit) {
        this.limit = limit;
    }

    /** @return whether a message went over the limit; nothing is assembled after that */
    boolean oversize() {
        return oversize;
    }

    /** @return the whole text message once its last part came, otherwise {@code null} */
    String text(String part, boolean last) {
        if (!count(utf8Length(part), last)) {
            return null;
        }
        if (last && text.length() == 0) {
            return part;
        }
        text.append(part);
        if (!last) {
            return null;
        }
        String message = text.toString();
        text.setLength(0);
        text.trimToSize();
        return message;
    }

    /** @return the whole binary message once its last part came, otherwise {@code null} */
    byte[] binary(ByteBuffer part, boolean last) {
        if (!count(part.remaining(), last)) {
            return null;
        }
        byte[] bytes = new byte[part.remaining()];
        part.get(bytes);
        binary.writeBytes(bytes);
        if (!last) {
            return null;
        }
        byte[] message = binary.toByteArray();
        binary.reset();
        return message;
    }

    private boolean count(long bytes, boolean last) {
        if (oversize) {
            return false;
        }
        size += bytes;
        if (size > limit) {
            oversize = true;
            text.setLength(0);
            binary.reset();
            return false;
        }
        if (last) {
            size = 0;
        }
        return true;
    }

    /** The length of {@code text} in UTF-8, without encoding it. */
    static long utf8Length(CharSequence text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
        }
        return bytes;
    }
}
