package io.realtime.redis;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * What {@code publish.lua} announces on a topic's channel: {@code epoch \n offset \n id \n name \n data}. The
 * epoch, offset, id and name never contain a line feed (event names have no control characters); the data,
 * last, may.
 *
 * @param epoch the epoch the event was stored in
 * @param entry the event
 */
record Notice(String epoch, Entry entry) {

    private static final Pattern STREAM_ID = Pattern.compile("[0-9]{1,19}-[0-9]{1,19}");

    /**
     * Parses a notice.
     *
     * @param message the channel message
     * @return the notice, or {@code null} if the message is not one
     */
    static Notice parse(byte[] message) {
        int[] ends = new int[4];
        int from = 0;
        for (int i = 0; i < ends.length; i++) {
            int end = indexOf(message, from);
            if (end < 0) {
                return null;
            }
            ends[i] = end;
            from = end + 1;
        }
        try {
            String epoch = text(message, 0, ends[0]);
            long offset = Long.parseLong(text(message, ends[0] + 1, ends[1]));
            String id = text(message, ends[1] + 1, ends[2]);
            String name = text(message, ends[2] + 1, ends[3]);
            byte[] data = Arrays.copyOfRange(message, ends[3] + 1, message.length);
            boolean valid =
                    offset >= 1 && !epoch.isEmpty() && STREAM_ID.matcher(id).matches();
            return valid ? new Notice(epoch, new Entry(offset, id, name, data)) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static int indexOf(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static String text(byte[] bytes, int from, int to) {
        return new String(bytes, from, to - from, StandardCharsets.UTF_8);
    }
}
