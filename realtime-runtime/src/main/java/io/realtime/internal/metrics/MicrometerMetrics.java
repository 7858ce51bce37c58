package io.realtime.internal.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.realtime.internal.Transport;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToDoubleFunction;

/**
 * {@link Metrics} as Micrometer meters named {@code realtime.*} (docs/observability.md lists them). Tags are a
 * transport, an endpoint's path template, an error code or a limit's name: sets fixed by the deployment, so the
 * number of series stays bounded. Loaded only when an application binds a registry; nothing else refers to it.
 *
 * <p>Threading: any thread. The meters of one transport and endpoint are made once and kept, so a connection's
 * calls only increment.
 */
public final class MicrometerMetrics implements Metrics {

    private final MeterRegistry registry;
    private final List<Meter> registered = new CopyOnWriteArrayList<>();
    private final ConcurrentMap<String, ConnectionMeters> byEndpoint = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> refusals = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> rateLimits = new ConcurrentHashMap<>();
    private final Counter published;
    private final Timer backplaneLatency;
    private final Counter backplaneErrors;

    public MicrometerMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.published = keep(Counter.builder("realtime.events.published")
                .description("Events published to topics on this node")
                .register(registry));
        this.backplaneLatency = keep(Timer.builder("realtime.backplane.latency")
                .description("How long the backplane took to store a published event")
                .publishPercentileHistogram()
                .register(registry));
        this.backplaneErrors = keep(Counter.builder("realtime.backplane.errors")
                .description("Publishes the backplane failed")
                .register(registry));
    }

    /**
     * Adds a gauge read when the registry is scraped.
     *
     * @param read must not block
     */
    public <T> void gauge(String name, String description, T source, ToDoubleFunction<T> read) {
        keep(Gauge.builder(name, source, read)
                .description(description)
                .strongReference(true)
                .register(registry));
    }

    /** Removes every meter this made from the registry: the runtime stopped, and one started later makes its own. */
    public void close() {
        registered.forEach(registry::remove);
        registered.clear();
    }

    @Override
    public ConnectionMetrics connection(Transport transport, String endpoint) {
        return byEndpoint.computeIfAbsent(
                transport.wireName() + ' ' + endpoint,
                key -> new ConnectionMeters(Tags.of("transport", transport.wireName(), "endpoint", endpoint)));
    }

    @Override
    public void published() {
        published.increment();
    }

    @Override
    public void refused(String code) {
        refusals.computeIfAbsent(
                        code,
                        c -> keep(Counter.builder("realtime.refusals")
                                .description("Requests and handshakes refused with an error, by its code")
                                .tag("code", c)
                                .register(registry)))
                .increment();
    }

    @Override
    public void rateLimited(String limit) {
        rateLimits
                .computeIfAbsent(
                        limit,
                        l -> keep(Counter.builder("realtime.rate.limited")
                                .description("Clients refused for exceeding a rate or concurrency limit, by the limit")
                                .tag("limit", l)
                                .register(registry)))
                .increment();
    }

    @Override
    public void backplane(long nanos, boolean failed) {
        backplaneLatency.record(nanos, TimeUnit.NANOSECONDS);
        if (failed) {
            backplaneErrors.increment();
        }
    }

    private <M extends Meter> M keep(M meter) {
        registered.add(meter);
        return meter;
    }

    /** The meters of one transport and endpoint. */
    private final class ConnectionMeters implements ConnectionMetrics {

        private final AtomicInteger open = new AtomicInteger();
        private final Timer duration;
        private final Counter delivered;
        private final Timer lag;
        private final Counter dropped;
        private final Counter slowConsumers;
        private final Counter resets;
        private final Counter resumes;

        ConnectionMeters(Tags tags) {
            keep(Gauge.builder("realtime.connections", open, AtomicInteger::get)
                    .description("Open connections")
                    .tags(tags)
                    .strongReference(true)
                    .register(registry));
            duration = keep(Timer.builder("realtime.connection.duration")
                    .description("How long connections stayed open")
                    .tags(tags)
                    .publishPercentileHistogram()
                    .register(registry));
            delivered = counter("realtime.events.delivered", "Events and messages written to clients", tags);
            lag = keep(Timer.builder("realtime.delivery.lag")
                    .description("From the publication of the oldest event in a write to a client to that write")
                    .tags(tags)
                    .publishPercentileHistogram()
                    .register(registry));
            dropped =
                    counter("realtime.events.dropped", "Messages dropped because a connection's queue was full", tags);
            slowConsumers = counter(
                    "realtime.slow.consumer.closes", "Connections closed because the client did not keep up", tags);
            resets = counter("realtime.resets", "Clients told to reset: their cursor could not be continued", tags);
            resumes = counter("realtime.resumes", "Clients that came back with a cursor to resume from", tags);
        }

        private Counter counter(String name, String description, Tags tags) {
            return keep(
                    Counter.builder(name).description(description).tags(tags).register(registry));
        }

        @Override
        public void opened() {
            open.incrementAndGet();
        }

        @Override
        public void closed(long nanos, boolean slowConsumer) {
            // Counted before the gauge drops, so that whoever sees the connection gone sees why and for how long.
            duration.record(nanos, TimeUnit.NANOSECONDS);
            if (slowConsumer) {
                slowConsumers.increment();
            }
            open.decrementAndGet();
        }

        @Override
        public void delivered(int count, long oldestPublishedMillis) {
            delivered.increment(count);
            if (oldestPublishedMillis > 0) {
                lag.record(Math.max(0, System.currentTimeMillis() - oldestPublishedMillis), TimeUnit.MILLISECONDS);
            }
        }

        @Override
        public void dropped() {
            dropped.increment();
        }

        @Override
        public void reset() {
            resets.increment();
        }

        @Override
        public void resumed() {
            resumes.increment();
        }
    }
}
