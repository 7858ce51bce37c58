package io.realtime.redis;

/**
 * Names of a topic's keys and channel. The topic sits in a hash tag ({@code {...}}), so that on a Redis Cluster
 * a topic's keys would share one slot, as a script that touches both requires.
 *
 * @param prefix what every key starts with, separating applications that share one Redis
 */
record Keys(String prefix) {

    private static final String LIVE = "}:live";

    /** @return the hash holding the topic's epoch and newest offset */
    String state(String topic) {
        return prefix + '{' + topic + "}:state";
    }

    /** @return the stream holding the topic's retained events */
    String events(String topic) {
        return prefix + '{' + topic + "}:events";
    }

    /** @return the channel on which publishes of the topic are announced */
    String channel(String topic) {
        return prefix + '{' + topic + LIVE;
    }

    /** @return the topic a channel announces, or {@code null} if it is not one of ours */
    String topicOf(String channel) {
        int start = prefix.length() + 1;
        if (channel.length() <= start + LIVE.length()
                || !channel.startsWith(prefix)
                || channel.charAt(prefix.length()) != '{'
                || !channel.endsWith(LIVE)) {
            return null;
        }
        return channel.substring(start, channel.length() - LIVE.length());
    }
}
