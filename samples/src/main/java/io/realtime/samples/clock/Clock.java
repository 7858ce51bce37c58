package io.realtime.samples.clock;

import io.realtime.Stream;
import io.realtime.Topic;
import io.realtime.Topics;

/**
 * The smallest demo: every browser that opens {@code /clock} follows one shared topic that {@link ClockTicker}
 * publishes to once a second. A browser that reconnects resumes from its last tick.
 */
public class Clock {

    private final Topics topics;

    /**
     * Created by the runtime, which finds this class by its annotation.
     *
     * @param topics the application's topics
     */
    public Clock(Topics topics) {
        this.topics = topics;
    }

    /**
     * The clock's ticks, as Server-Sent Events.
     *
     * @return the shared topic
     */
    @Stream("/clock")
    public Topic<Tick> ticks() {
        return topics.get(ClockTicker.TOPIC);
    }
}
