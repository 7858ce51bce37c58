package io.realtime.samples.boot;

import io.realtime.Connection;
import io.realtime.Duplex;
import io.realtime.PathParam;
import io.realtime.Topic;
import io.realtime.Topics;
import java.time.Instant;
import org.springframework.stereotype.Component;

/** A chat room per path over WebSocket: every line goes to the room, and the sender gets a reply. */
@Component
public class Chat {

    /**
     * What a client sends.
     *
     * @param text the line
     */
    public record Say(String text) {}

    /**
     * What the room receives.
     *
     * @param text the line
     * @param at when it was said
     */
    public record Line(String text, Instant at) {}

    /**
     * The reply to the sender.
     *
     * @param ok always true: the line went to the room
     */
    public record Ack(boolean ok) {}

    private final Topics topics;

    /**
     * Created by Spring.
     *
     * @param topics the topics bean of the starter
     */
    public Chat(Topics topics) {
        this.topics = topics;
    }

    /**
     * Each connection follows its room.
     *
     * @param connection the connection
     * @param room the room's name
     * @return the room's topic
     */
    @Duplex("/chat/{room}")
    public Topic<Line> join(Connection<Line> connection, @PathParam("room") String room) {
        return topics.get("chat:" + room);
    }

    /**
     * Each line goes to the room.
     *
     * @param room the room's name
     * @param say the line
     * @return the reply
     */
    @Duplex("/chat/{room}")
    public Ack say(@PathParam("room") String room, Say say) {
        topics.<Line>get("chat:" + room).publish(new Line(say.text(), Instant.now()));
        return new Ack(true);
    }
}
