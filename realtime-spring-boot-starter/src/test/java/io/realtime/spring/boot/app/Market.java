package io.realtime.spring.boot.app;

import io.realtime.PathParam;
import io.realtime.Push;
import io.realtime.Stream;
import io.realtime.Topic;
import io.realtime.Topics;
import java.time.Instant;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * A service with constructor injection of {@code Topics} and of another bean. It publishes in its constructor,
 * which runs before the runtime starts: Boot creates the services while its server starts.
 */
@Component
public class Market {

    /** A price; {@code at} and {@code note} need the application's mapper (java.time, Optional). */
    public record Price(String symbol, long cents, Instant at, Optional<String> note, String exchange) {}

    private final Topics topics;
    private final Exchange exchange;
    private final String openingCursor;

    public Market(Topics topics, Exchange exchange) {
        this.topics = topics;
        this.exchange = exchange;
        this.openingCursor = publish("ACME", 100, "opening");
        publish("ACME", 101, null);
    }

    @Stream("/prices/{symbol}")
    public Topic<Price> prices(@PathParam("symbol") String symbol) {
        return topics.get("prices:" + symbol);
    }

    @Push("/quotes/{symbol}")
    public Topic<Price> quotes(@PathParam("symbol") String symbol) {
        return topics.get("prices:" + symbol);
    }

    /** Publishes a price of {@code symbol} at the opening, with an optional note. */
    public String publish(String symbol, long cents, String note) {
        return topics.<Price>get("prices:" + symbol)
                .publish(new Price(symbol, cents, Exchange.OPENING, Optional.ofNullable(note), exchange.name()));
    }

    /** The cursor of the price published first, before the runtime started. */
    public String openingCursor() {
        return openingCursor;
    }
}
