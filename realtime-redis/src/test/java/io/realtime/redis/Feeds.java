package io.realtime.redis;

import io.realtime.PathParam;
import io.realtime.Stream;
import io.realtime.Topic;
import io.realtime.Topics;

/** The endpoint of the tests across nodes: every topic, as Server-Sent Events, at {@code /feed/<topic>}. */
public class Feeds {

    private final Topics topics;

    public Feeds(Topics topics) {
        this.topics = topics;
    }

    @Stream("/feed/{name}")
    public Topic<Integer> feed(@PathParam("name") String name) {
        return topics.get(name);
    }
}
