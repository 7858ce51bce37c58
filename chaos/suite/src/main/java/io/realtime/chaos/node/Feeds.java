package io.realtime.chaos.node;

import io.realtime.Connection;
import io.realtime.Duplex;
import io.realtime.PathParam;
import io.realtime.Stream;
import io.realtime.Topic;
import io.realtime.Topics;

/**
 * The endpoints of a chaos node: one topic per name, followed over Server-Sent Events and long-poll
 * ({@code /feed/{topic}}) or a WebSocket ({@code /room/{topic}}), and published to over a WebSocket whose replies
 * are the cursors the backplane stored each tick at ({@code /publish/{topic}}).
 */
public final class Feeds {

    private final Topics topics;

    public Feeds(Topics topics) {
        this.topics = topics;
    }

    @Stream("/feed/{topic}")
    public Topic<Tick> feed(@PathParam("topic") String topic) {
        return topics.get("chaos:" + topic);
    }

    @Duplex("/room/{topic}")
    public Topic<Tick> join(Connection<Tick> connection, @PathParam("topic") String topic) {
        return topics.get("chaos:" + topic);
    }

    @Duplex("/publish/{topic}")
    public String publish(@PathParam("topic") String topic, Tick tick) {
        return topics.<Tick>get("chaos:" + topic).publish(tick);
    }
}
