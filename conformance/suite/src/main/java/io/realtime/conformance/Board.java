package io.realtime.conformance;

import io.realtime.Connection;
import io.realtime.Duplex;
import io.realtime.Push;
import io.realtime.Stream;
import io.realtime.Topic;
import io.realtime.Topics;

/** One endpoint of each kind, for the tests that need a client of every transport at once. */
public class Board {

    /** What every endpoint carries. */
    public record Note(String text) {}

    private final Topics topics;

    public Board(Topics topics) {
        this.topics = topics;
    }

    @Stream("/board")
    public Topic<Note> board() {
        return topics.get("board");
    }

    @Push("/inbox")
    public Topic<Note> inbox() {
        return topics.get("inbox");
    }

    @Duplex("/room")
    public Topic<Note> join(Connection<Note> connection) {
        return topics.get("room");
    }

    @Duplex("/room")
    public Note say(Note note) {
        return note;
    }
}
