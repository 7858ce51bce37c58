package io.realtime.samples.boot;

import io.realtime.Stream;
import io.realtime.Topic;
import io.realtime.Topics;
import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * The ticker over Server-Sent Events: every browser follows one topic, and one that reconnects receives the
 * quotes it missed. {@link PriceFeed}, another bean, publishes to it.
 */
@Component
public class Prices {

    /** The topic every quote goes to. */
    static final String TOPIC = "prices";

    /**
     * One quote; Boot's Jackson mapper writes {@code at} as ISO-8601 text.
     *
     * @param symbol the instrument
     * @param cents the price
     * @param at when it was quoted
     */
    public record Quote(String symbol, long cents, Instant at) {}

    private final Topic<Quote> quotes;

    /**
     * Created by Spring, with the application's topics.
     *
     * @param topics the topics bean of the starter
     */
    public Prices(Topics topics) {
        this.quotes = topics.get(TOPIC);
    }

    /**
     * The quotes, as Server-Sent Events.
     *
     * @return the shared topic
     */
    @Stream("/prices")
    public Topic<Quote> quotes() {
        return quotes;
    }
}
