package io.realtime.chaos.node;

/**
 * What the chaos publisher publishes: which topic, and the publisher's own count of its attempts on that topic,
 * so that a subscriber can check an event's data against what the publisher was told was stored at its cursor.
 * On the wire, as Jackson writes it: {@code {"topic":"t3","seq":42}}.
 *
 * @param topic the topic's short name, such as {@code t3}
 * @param seq the publisher's attempt, from 1
 */
public record Tick(String topic, long seq) {

    /** @return the JSON the publisher sends, the same as the event's data */
    public String json() {
        return "{\"topic\":\"" + topic + "\",\"seq\":" + seq + '}';
    }

    /**
     * Reads an event's data without a JSON library: subscribers read hundreds of thousands a second.
     *
     * @param data such as {@code {"topic":"t3","seq":42}}
     * @return the tick, or {@code null} when the data is anything else
     */
    public static Tick parse(String data) {
        String prefix = "{\"topic\":\"";
        String middle = "\",\"seq\":";
        int end = data.indexOf(middle);
        if (!data.startsWith(prefix) || end < prefix.length() || !data.endsWith("}")) {
            return null;
        }
        try {
            return new Tick(
                    data.substring(prefix.length(), end),
                    Long.parseLong(data.substring(end + middle.length(), data.length() - 1)));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
