package io.realtime.samples.ticker;

import io.realtime.Topic;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Simulates a market while the application runs: every half second each symbol's price takes a small random
 * step, published as event {@code price} to the ticker topic, as any scheduler of an application would publish.
 * Eight quotes a second in all. {@link Ticker} starts it and closes it, when the runtime closes the service as the
 * application stops.
 */
final class TickerFeed implements AutoCloseable {

    /** The topic the quotes go to. */
    static final String TOPIC = "ticker";

    private static final System.Logger LOG = System.getLogger(TickerFeed.class.getName());
    private static final long PERIOD_MILLIS = 500;

    private final Map<String, Double> prices =
            new LinkedHashMap<>(Map.of("ACME", 101.50, "GLOBEX", 48.20, "INITECH", 12.75, "UMBRELLA", 230.10));
    private final Random random = new Random();
    private final ScheduledExecutorService timer;

    TickerFeed(Topic<Price> topic) {
        timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "samples-ticker");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleAtFixedRate(() -> quote(topic), 0, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }

    // Runs on the timer's one thread only, so the prices need no lock. A failed publish is logged and the next
    // tick tries again: an exception escaping a periodic task would stop the feed for good.
    private void quote(Topic<Price> topic) {
        try {
            publish(topic);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "A ticker quote could not be published", e);
        }
    }

    private void publish(Topic<Price> topic) {
        String at = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
        for (Map.Entry<String, Double> entry : prices.entrySet()) {
            double step = 1 + random.nextGaussian() * 0.003;
            double price = Math.max(0.01, Math.round(entry.getValue() * step * 100) / 100.0);
            entry.setValue(price);
            topic.publish("price", new Price(entry.getKey(), price, at));
        }
    }

    // Waits for the timer's thread to end, so that a container that checks for threads left behind by a stopped
    // application finds none.
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
