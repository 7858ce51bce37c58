package io.realtime.samples.dashboard;

import io.realtime.Push;
import io.realtime.RealtimeException;
import io.realtime.Stream;
import io.realtime.Topic;
import io.realtime.Topics;

/**
 * The live operations dashboard: eight metrics, each its own {@code @Stream("/vitals/{name}")} endpoint, and an
 * activity log at {@code @Push("/activity")}. The page connects to all nine with {@code multiplex}, so its
 * widgets share one connection to the server however many there are.
 */
public class Dashboard implements AutoCloseable {

    private final Topics topics;
    private final MetricsFeed feed;

    /**
     * Created by the runtime, which finds this class by its annotations.
     *
     * @param topics the application's topics
     */
    public Dashboard(Topics topics) {
        this.topics = topics;
        this.feed = new MetricsFeed(topics);
    }

    /** Stops the feed; the runtime calls it when the application stops. */
    @Override
    public void close() {
        feed.close();
    }

    /**
     * A metric's readings, as events named {@code sample}, one a second.
     *
     * @param name one of {@link MetricsFeed#METRICS}
     * @return the metric's topic
     * @throws RealtimeException 404 for a metric the dashboard does not have
     */
    @Stream("/vitals/{name}")
    public Topic<Sample> metric(@io.realtime.PathParam("name") String name) {
        if (!MetricsFeed.METRICS.containsKey(name)) {
            throw RealtimeException.notFound("No metric " + name);
        }
        return topics.get(MetricsFeed.topic(name));
    }

    /**
     * What happened lately, as events named {@code note}, every few seconds.
     *
     * @return the activity topic
     */
    @Push("/activity")
    public Topic<Note> activity() {
        return topics.get(MetricsFeed.ACTIVITY);
    }
}
