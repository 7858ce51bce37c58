package io.realtime.spring.boot.app;

import io.realtime.Connection;
import io.realtime.Duplex;
import io.realtime.PathParam;
import io.realtime.Topic;
import io.realtime.Topics;
import org.springframework.stereotype.Component;

/** A room per path: each connection follows the room, each message is published to it and acknowledged. */
@Component
public class Chat {

    public record Line(String text) {}

    public record Ack(boolean ok) {}

    private final Topics topics;

    public Chat(Topics topics) {
        this.topics = topics;
    }

    @Duplex("/chat/{room}")
    public Topic<Line> join(Connection<Line> connection, @PathParam("room") String room) {
        return topics.get("chat:" + room);
    }

    @Duplex("/chat/{room}")
    public Ack say(@PathParam("room") String room, Line line) {
        topics.get("chat:" + room).publish(line);
        return new Ack(true);
    }
}
