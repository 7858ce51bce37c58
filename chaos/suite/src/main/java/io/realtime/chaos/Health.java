package io.realtime.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Samples each node's health at an interval: after a full collection, the heap in use, the JVM's threads, the
 * process's open file descriptors, and what the runtime holds (connections, tabs).
 *
 * <p>Thread-safe.
 */
final class Health implements AutoCloseable {

    /** One node's health at {@code seconds} into the run. */
    record Sample(double seconds, String node, long heap, int threads, long descriptors, int connections, int tabs) {}

    private final List<Sample> samples = Collections.synchronizedList(new ArrayList<>());
    private final long startNanos = System.nanoTime();
    private final ScheduledExecutorService sampling =
            Executors.newSingleThreadScheduledExecutor(Clients.daemons("chaos-health"));

    /** Starts sampling now, then every {@code intervalMillis}; a sample blocks while the nodes collect. */
    Health(Site site, long intervalMillis) {
        sampling.scheduleWithFixedDelay(() -> sample(site), 0, intervalMillis, TimeUnit.MILLISECONDS);
    }

    private void sample(Site site) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        for (NodeProcess node : site.nodes()) {
            if (!node.running()) {
                continue;
            }
            try {
                JsonNode health = Subscriber.JSON.readTree(node.health());
                samples.add(new Sample(
                        seconds,
                        node.name(),
                        health.path("heap").asLong(),
                        health.path("threads").asInt(),
                        health.path("descriptors").asLong(),
                        health.path("connections").asInt(),
                        health.path("tabs").asInt()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (RuntimeException e) {
                // a node restarting: no sample this time
            }
        }
    }

    List<Sample> samples() {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    @Override
    public void close() {
        sampling.shutdownNow();
    }
}
