package io.realtime.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * Publishes every topic's ticks at a steady total rate, spread evenly over the topics, through the nodes (one
 * publishing connection per topic, starting on alternate nodes), and at the end publishes one fence per topic:
 * the last event, which every subscriber of the topic must reach.
 */
final class Publisher implements AutoCloseable {

    private static final long TICK_MILLIS = 10;

    private final List<String> topics;
    private final Crowd crowd;
    private final PublishCounts counts = new PublishCounts();
    private final List<TopicPublisher> publishers = new ArrayList<>();
    private final double perTopicPerTick;
    private final double[] due;
    private ScheduledFuture<?> ticking;

    /** @param rate ticks per second, over all topics */
    Publisher(List<String> topics, Crowd crowd, double rate) {
        this.topics = topics;
        this.crowd = crowd;
        this.perTopicPerTick = rate / topics.size() * TICK_MILLIS / 1000.0;
        this.due = new double[topics.size()];
        for (int i = 0; i < topics.size(); i++) {
            publishers.add(new TopicPublisher(topics.get(i), crowd, counts, i));
        }
    }

    /** Connects and starts publishing at the rate. */
    void start() {
        publishers.forEach(TopicPublisher::start);
        ticking = crowd.clients()
                .scheduler()
                .scheduleAtFixedRate(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void tick() {
        for (int i = 0; i < due.length; i++) {
            due[i] += perTopicPerTick;
            while (due[i] >= 1) {
                due[i] -= 1;
                publishers.get(i).publish();
            }
        }
    }

    /** Stops the steady ticks and waits (a while) for the replies of those sent. */
    void stopTicking(Duration wait) {
        ticking.cancel(false);
        long deadline = System.nanoTime() + wait.toNanos();
        while (publishers.stream().anyMatch(p -> p.outstanding() > 0) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    /** @return each topic's publisher, as it is now */
    @Override
    public String toString() {
        return publishers.toString();
    }

    /**
     * Publishes one last tick per topic, retrying until each is acknowledged.
     *
     * @param wait how long to keep trying
     * @return each topic's fence: the cursor every subscriber of the topic must reach
     * @throws IllegalStateException if a fence could not be published in time
     */
    Map<String, Position> fences(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        Map<String, Position> fences = new java.util.LinkedHashMap<>();
        for (int i = 0; i < topics.size(); i++) {
            while (!fences.containsKey(topics.get(i))) {
                CompletableFuture<Position> ack = publishers.get(i).publish();
                try {
                    fences.put(topics.get(i), ack.get(5, TimeUnit.SECONDS));
                } catch (ExecutionException | TimeoutException e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("No fence could be published: " + publishers.get(i), e);
                    }
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
        return fences;
    }

    PublishCounts counts() {
        return counts;
    }

    @Override
    public void close() {
        if (ticking != null) {
            ticking.cancel(false);
        }
        publishers.forEach(TopicPublisher::stop);
    }
}
