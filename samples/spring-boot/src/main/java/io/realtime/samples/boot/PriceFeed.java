package io.realtime.samples.boot;

import io.realtime.Topic;
import io.realtime.Topics;
import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Publishes a quote every second from Spring's scheduler: any bean may publish, through {@code Topics}. */
@Component
public class PriceFeed {

    private final Topic<Prices.Quote> quotes;
    private final Clock clock = Clock.systemUTC();
    private long cents = 10_000;

    /**
     * Created by Spring.
     *
     * @param topics the topics bean of the starter
     */
    public PriceFeed(Topics topics) {
        this.quotes = topics.get(Prices.TOPIC);
    }

    /** Moves the price by up to a dollar and publishes it. */
    @Scheduled(fixedRate = 1000)
    public void tick() {
        cents = Math.max(100, cents + ThreadLocalRandom.current().nextLong(-100, 101));
        quotes.publish(new Prices.Quote("ACME", cents, clock.instant()));
    }
}
