package io.realtime.bench.server.strong;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The topics, by name, created on first use. */
final class Channels {

    private final Map<String, Channel> byName = new ConcurrentHashMap<>();

    Channel of(String topic) {
        return byName.computeIfAbsent(topic, name -> new Channel());
    }

    Collection<Channel> all() {
        return byName.values();
    }

    int subscribers() {
        int count = 0;
        for (Channel channel : byName.values()) {
            count += channel.followers.size() + channel.waiting();
        }
        return count;
    }
}
