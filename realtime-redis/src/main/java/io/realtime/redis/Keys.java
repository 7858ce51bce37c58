package io.realtime.redis;

/**
 * Names of a topic's keys and channel. The topic sits in a hash tag ({@code {...}}), so that on a Redis Cluster a
 * topic's keys and channel share one slot, as a script that touches them all requires.
 *
 * <p>On a cluster the tag is the topic with {@code %} and <code>}</code> escaped ({@code %25}, {@code %7D}): a
 * brace would end the tag early, and one that starts the topic would leave the tag empty, which Redis ignores, so
 * the keys would scatter over several slots. On one server the names stay as they have always been.
 *
 * @param prefix what every key starts with, separating applications that share one Redis
 * @param cluster whether the names are for a Redis Cluster
 */
record Keys(String prefix, boolean cluster) {

    private static final String LIVE = "}:live";

    /** Names for one Redis server. */
    Keys(String prefix) {
        this(prefix, false);
    }

    /** @return the hash holding the topic's epoch and newest offset */
    String state(String topic) {
        return prefix + '{' + tag(topic) + "}:state";
    }

    /** @return the stream holding the topic's retained events */
    String events(String topic) {
        return prefix + '{' + tag(topic) + "}:events";
    }

    /** @return the channel on which publishes of the topic are announced */
    String channel(String topic) {
        return prefix + '{' + tag(topic) + LIVE;
    }

    /**
     * @return the keys of a topic's presence, in the order {@code presence.lua} takes them, ending with the set of
     *     the given node's members
     */
    String[] presence(String topic, String node) {
        String base = prefix + '{' + tag(topic) + "}:presence:";
        return new String[] {
            base + "order",
            base + "members",
            base + "holders",
            base + "users",
            base + "nodes",
            base + "connections",
            base + "state",
            nodeSet(topic) + node
        };
    }

    /** @return the name of the set of a node's members of a topic's presence, without the node */
    String nodeSet(String topic) {
        return prefix + '{' + tag(topic) + "}:presence:node:";
    }

    /**
     * @param fingerprint a tab's fingerprint: letters, digits, {@code -} and {@code _}, so its own hash tag
     * @return the hash of a tab's attributes
     */
    String tab(String fingerprint) {
        return prefix + "tab:{" + fingerprint + '}';
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
        String tag = channel.substring(start, channel.length() - LIVE.length());
        if (!cluster) {
            return tag;
        }
        String topic = tag.replace("%7D", "}").replace("%25", "%");
        return channel.equals(channel(topic)) ? topic : null; // only names tag() writes are ours
    }

    private String tag(String topic) {
        return cluster ? topic.replace("%", "%25").replace("}", "%7D") : topic;
    }
}
