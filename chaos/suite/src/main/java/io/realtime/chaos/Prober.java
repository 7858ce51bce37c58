package io.realtime.chaos;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Asks the nodes, in turn, a question that every client asks first, every 20 ms: a first long-poll of a topic,
 * which a node answers at once with the head. Its latency, while faults or a storm go on, says whether the
 * server keeps answering. A probe that fails (its node is down) counts as a failure, not as a latency.
 *
 * <p>Thread-safe. Keeps at most {@value #KEPT} samples.
 */
final class Prober implements AutoCloseable {

    private static final int KEPT = 500_000;

    /** One probe: when it was sent, how long its answer took, and whether it was a {@code 200}. */
    private record Sample(long sentNanos, long latencyNanos, boolean ok) {}

    private final List<URI> nodes;
    private final HttpClient http;
    private final List<Sample> samples = new ArrayList<>();
    private final AtomicInteger turn = new AtomicInteger();
    private final ScheduledFuture<?> probing;

    Prober(List<URI> nodes, Clients clients) {
        this.nodes = nodes;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        this.probing = clients.scheduler().scheduleAtFixedRate(this::probe, 20, 20, TimeUnit.MILLISECONDS);
    }

    private void probe() {
        URI node = nodes.get(Math.floorMod(turn.getAndIncrement(), nodes.size()));
        HttpRequest request = HttpRequest.newBuilder(node.resolve("/feed/probe?transport=poll&timeout=0"))
                .timeout(Duration.ofSeconds(30))
                .build();
        long sent = System.nanoTime();
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
            boolean ok = failure == null && response.statusCode() == 200;
            synchronized (samples) {
                if (samples.size() < KEPT) {
                    samples.add(new Sample(sent, System.nanoTime() - sent, ok));
                }
            }
        });
    }

    /**
     * The probes sent in a span of time.
     *
     * @param fromNanos from, by {@link System#nanoTime()}
     * @param toNanos to
     * @return their latencies' percentiles and the failures
     */
    Latency between(long fromNanos, long toNanos) {
        List<Long> latencies = new ArrayList<>();
        int failed = 0;
        synchronized (samples) {
            for (Sample sample : samples) {
                if (sample.sentNanos() >= fromNanos && sample.sentNanos() <= toNanos) {
                    if (sample.ok()) {
                        latencies.add(sample.latencyNanos());
                    } else {
                        failed++;
                    }
                }
            }
        }
        latencies.sort(null);
        return new Latency(
                latencies.size(),
                failed,
                percentile(latencies, 0.50),
                percentile(latencies, 0.99),
                latencies.isEmpty() ? 0 : latencies.get(latencies.size() - 1) / 1e6);
    }

    /** @return the probes of the whole run */
    Latency all() {
        return between(Long.MIN_VALUE, Long.MAX_VALUE);
    }

    private static double percentile(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int index = (int) Math.ceil(p * sorted.size()) - 1;
        return sorted.get(Math.max(0, index)) / 1e6;
    }

    /**
     * Probe latencies.
     *
     * @param answered how many probes were answered {@code 200}
     * @param failed how many failed
     * @param p50 the median, in milliseconds
     * @param p99 the 99th percentile, in milliseconds
     * @param max the largest, in milliseconds
     */
    record Latency(int answered, int failed, double p50, double p99, double max) {}

    @Override
    public void close() {
        probing.cancel(false);
    }
}
