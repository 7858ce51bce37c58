package io.realtime.samples.chat;

import io.realtime.Connection;
import io.realtime.Duplex;
import io.realtime.PathParam;
import io.realtime.RealtimeException;
import io.realtime.RealtimeSession;
import io.realtime.Topic;
import io.realtime.Topics;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Chat rooms over WebSocket. Each connection to {@code /chat/{room}} follows the room's topic; each message
 * {@code {"text":"..."}} is published to it as event {@code message} {@code {"from","text","at"}}, so every
 * connection in the room (the sender's too) receives it, and the method's return value is the sender's
 * acknowledgement. The sender's name is the nickname kept in the tab's {@link RealtimeSession} attributes, set
 * by a message {@code {"nick":"..."}}: it follows the tab across reloads, reconnects and transports, and other
 * tabs have their own. Each connection is told the name it speaks under as it joins (event {@code welcome}
 * {@code {"from"}}), so a reloaded page shows the nickname its tab chose before. The room lists who is here through
 * the topic's {@link io.realtime.Presence}: each connection joins it under its tab's nickname, so a tab is listed
 * once however many connections it has, and a reload is not a leave (see {@code docs/presence.md}). A nickname
 * chosen later shows in the list from the tab's next connection.
 *
 * <p>Limits: room names are 1 to 32 characters {@code [a-z0-9-]}, nicknames 1 to 24 letters, digits, spaces,
 * {@code -} or {@code _}, lines 1 to 500 characters; anything else is answered with a {@code bad_request} error
 * reply and changes nothing.
 */
public class Chat {

    /** The tab attribute holding the nickname. */
    static final String NICKNAME = "chat.nickname";

    private static final Pattern ROOM = Pattern.compile("[a-z0-9-]{1,32}");
    private static final Pattern NICK = Pattern.compile("[\\p{L}\\p{N} _-]{1,24}");
    private static final int MAX_TEXT = 500;

    private final Topics topics;

    /**
     * Created by the runtime, which finds this class by its annotations.
     *
     * @param topics the application's topics, one per room
     */
    public Chat(Topics topics) {
        this.topics = topics;
    }

    /**
     * A connection joins the room: it follows the room's topic, resuming from its cursor after a reconnect, is
     * told its tab's name, and joins the room's presence under that name.
     *
     * @param connection the new connection, which receives a {@link Welcome}, the room's {@link ChatLine}s and
     *     its {@code presence} events
     * @param room the room's name
     */
    @Duplex("/chat/{room}")
    public void join(Connection<Object> connection, @PathParam("room") String room) {
        Topic<ChatLine> topic = room(room);
        connection.subscribe(topic);
        // After subscribing: a client that has read its welcome hears every line said from then on.
        String nickname = nickname(connection.session());
        connection.send("welcome", new Welcome(nickname));
        // Subscribed first, so every change after the list reaches this connection.
        topic.presence().join(connection, nickname);
    }

    /**
     * Handles one message of a connection: sets the nickname, says something, or both.
     *
     * @param input the message
     * @param room the room's name
     * @param session the sender's tab
     * @return the acknowledgement, sent to the sender alone
     * @throws RealtimeException {@code bad_request} for a message that breaks the limits
     */
    @Duplex("/chat/{room}")
    public ChatAck say(ChatInput input, @PathParam("room") String room, RealtimeSession session) {
        Topic<ChatLine> topic = room(room);
        String text = input.text() == null ? null : input.text().strip();
        if (text == null && input.nick() == null) {
            throw RealtimeException.badRequest("Send {\"text\":\"...\"} to speak or {\"nick\":\"...\"} to be named");
        }
        if (text != null && (text.isEmpty() || text.length() > MAX_TEXT)) {
            throw RealtimeException.badRequest("A line is 1 to " + MAX_TEXT + " characters");
        }
        if (input.nick() != null) {
            String nick = input.nick().strip();
            if (!NICK.matcher(nick).matches()) {
                throw RealtimeException.badRequest("A nickname is 1 to 24 letters, digits, spaces, - or _");
            }
            session.attributes().put(NICKNAME, nick);
        }
        String from = nickname(session);
        if (text == null) {
            return new ChatAck(from, null);
        }
        String at = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
        return new ChatAck(from, topic.publish(new ChatLine(from, text, at)));
    }

    private Topic<ChatLine> room(String room) {
        if (!ROOM.matcher(room).matches()) {
            throw RealtimeException.badRequest("A room name is 1 to 32 characters a-z, 0-9 or -");
        }
        return topics.get("chat:" + room);
    }

    // A tab that has not chosen a name gets one, kept for the tab's life.
    private static String nickname(RealtimeSession session) {
        return (String) session.attributes()
                .computeIfAbsent(
                        NICKNAME, key -> "guest-" + ThreadLocalRandom.current().nextInt(100, 1000));
    }
}
