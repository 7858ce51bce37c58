package io.realtime.samples.dashboard;

import io.realtime.Topics;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Simulates a service's vital signs while the application runs: every second each metric takes a random step
 * within its range and is published as event {@code sample} to its topic, and every fourth second a note goes
 * to the activity topic. {@link Dashboard} starts it and closes it.
 */
final class MetricsFeed implements AutoCloseable {

    /** The metrics, each with the range its readings stay in. */
    static final Map<String, Range> METRICS = ranges();

    /** The activity log's topic. */
    static final String ACTIVITY = "dashboard:activity";

    private static final System.Logger LOG = System.getLogger(MetricsFeed.class.getName());
    private static final List<String> NOTES = List.of(
            "Deployed build 1042 to eu-west",
            "Cache warmed: 98 % hit rate",
            "Nightly backup finished",
            "Autoscaler added one instance",
            "Certificate renewed for 90 days",
            "Autoscaler removed one instance");

    private final Map<String, Double> values = new LinkedHashMap<>();
    private final Random random = new Random();
    private final ScheduledExecutorService timer;
    private long ticks;

    MetricsFeed(Topics topics) {
        METRICS.forEach((name, range) -> values.put(name, (range.low() + range.high()) / 2));
        timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "samples-dashboard");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleAtFixedRate(() -> tick(topics), 0, 1, TimeUnit.SECONDS);
    }

    static String topic(String metric) {
        return "dashboard:" + metric;
    }

    // Runs on the timer's one thread only. A failed publish is logged and the next tick tries again: an exception
    // escaping a periodic task would stop the feed for good.
    private void tick(Topics topics) {
        try {
            String at = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
            values.replaceAll((name, value) -> step(METRICS.get(name), value));
            values.forEach((name, value) -> topics.<Sample>get(topic(name)).publish("sample", new Sample(value, at)));
            if (ticks++ % 4 == 0) {
                String text = NOTES.get((int) (ticks / 4 % NOTES.size()));
                topics.<Note>get(ACTIVITY).publish("note", new Note(text, at));
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "A dashboard reading could not be published", e);
        }
    }

    private double step(Range range, double value) {
        double next = value + random.nextGaussian() * (range.high() - range.low()) * 0.05;
        return Math.round(Math.min(range.high(), Math.max(range.low(), next)) * 10) / 10.0;
    }

    /** Where a metric's readings stay. */
    record Range(double low, double high) {}

    private static Map<String, Range> ranges() {
        Map<String, Range> ranges = new LinkedHashMap<>();
        ranges.put("cpu", new Range(5, 95)); // %
        ranges.put("memory", new Range(1.5, 7.5)); // GiB
        ranges.put("requests", new Range(200, 1800)); // per second
        ranges.put("errors", new Range(0, 12)); // per second
        ranges.put("latency", new Range(40, 400)); // ms, 95th percentile
        ranges.put("queue", new Range(0, 250)); // jobs waiting
        ranges.put("sessions", new Range(800, 2400)); // signed in
        ranges.put("disk", new Range(40, 90)); // % used
        return java.util.Collections.unmodifiableMap(ranges);
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
