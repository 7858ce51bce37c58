package io.realtime.undertow;

import io.realtime.Stream;
import io.realtime.Topic;
import io.realtime.Topics;

/** A stream, for the kit's tests: registered programmatically, or in a WAR of this class alone. */
public class TicksApp {

    /** What the stream carries. */
    public record Tick(int n) {}

    private final Topics topics;

    public TicksApp(Topics topics) {
        this.topics = topics;
    }

    @Stream("/ticks")
    public Topic<Tick> ticks() {
        return topics.get("ticks");
    }
}
