package io.realtime.samples.ticker;

import io.realtime.Stream;
import io.realtime.Topic;
import io.realtime.Topics;

/**
 * A live price ticker over Server-Sent Events: every browser that opens {@code /ticker} follows one shared topic,
 * to which its {@link TickerFeed} publishes {@code price} events. A browser that reconnects sends its last cursor as
 * {@code Last-Event-ID} and receives exactly the quotes it missed (within the retained history), so its chart
 * has no gap.
 */
public class Ticker implements AutoCloseable {

    private final Topic<Price> prices;
    private final TickerFeed feed;

    /**
     * Created by the runtime, which finds this class by its annotation.
     *
     * @param topics the application's topics
     */
    public Ticker(Topics topics) {
        this.prices = topics.get(TickerFeed.TOPIC);
        this.feed = new TickerFeed(prices);
    }

    /** Stops the feed; the runtime calls it when the application stops, before it says goodbye to the clients. */
    @Override
    public void close() {
        feed.close();
    }

    /**
     * The quotes, as Server-Sent Events named {@code price}.
     *
     * @return the shared topic
     */
    @Stream("/ticker")
    public Topic<Price> prices() {
        return prices;
    }
}
