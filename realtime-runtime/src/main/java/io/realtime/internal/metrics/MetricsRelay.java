package io.realtime.internal.metrics;

import io.realtime.internal.Transport;
import java.time.Duration;
import java.util.Objects;

/**
 * The runtime's {@link Metrics}: reports nothing until a reporter is {@link #bind bound}, then passes every call to
 * it. Refusals are logged as well, bound or not ({@link RefusalLog}). Connections resolve their reporter when they are made, so those made before the binding stay unreported.
 */
public final class MetricsRelay implements Metrics {

    private volatile Metrics target = NONE;
    private volatile Metrics tap = NONE; // the admin page's counts, when it is on
    private final RefusalLog refusals =
            new RefusalLog(System::nanoTime, Duration.ofMinutes(1).toNanos());

    /**
     * Starts reporting to {@code metrics}, once.
     *
     * @throws IllegalStateException if a reporter is already bound
     */
    public synchronized void bind(Metrics metrics) {
        if (target != NONE) {
            throw new IllegalStateException("This runtime already reports its metrics to a registry; bind one"
                    + " CompositeMeterRegistry to report to several");
        }
        target = Objects.requireNonNull(metrics, "metrics");
    }

    /**
     * Also passes every call to {@code counts}, beside the bound reporter: the admin page's, which counts whether or not
     * a registry is bound. Once.
     *
     * @throws IllegalStateException if a tap is already set
     */
    public synchronized void tap(Metrics counts) {
        if (tap != NONE) {
            throw new IllegalStateException("This runtime's admin counts are already set");
        }
        tap = Objects.requireNonNull(counts, "counts");
    }

    /** @return whether a reporter is bound */
    public boolean bound() {
        return target != NONE;
    }

    @Override
    public ConnectionMetrics connection(Transport transport, String endpoint) {
        ConnectionMetrics reported = target.connection(transport, endpoint);
        Metrics counts = tap;
        return counts == NONE ? reported : both(reported, counts.connection(transport, endpoint));
    }

    @Override
    public void published() {
        target.published();
        tap.published();
    }

    @Override
    public void refused(String code) {
        refusals.refused(code);
        target.refused(code);
        tap.refused(code);
    }

    @Override
    public void rateLimited(String limit) {
        target.rateLimited(limit);
        tap.rateLimited(limit);
    }

    private static ConnectionMetrics both(ConnectionMetrics first, ConnectionMetrics second) {
        return new ConnectionMetrics() {
            @Override
            public void opened() {
                first.opened();
                second.opened();
            }

            @Override
            public void closed(long nanos, boolean slowConsumer) {
                first.closed(nanos, slowConsumer);
                second.closed(nanos, slowConsumer);
            }

            @Override
            public void delivered(int count, long oldestPublishedMillis) {
                first.delivered(count, oldestPublishedMillis);
                second.delivered(count, oldestPublishedMillis);
            }

            @Override
            public void dropped() {
                first.dropped();
                second.dropped();
            }

            @Override
            public void reset() {
                first.reset();
                second.reset();
            }

            @Override
            public void resumed() {
                first.resumed();
                second.resumed();
            }
        };
    }

    @Override
    public void backplane(long nanos, boolean failed) {
        target.backplane(nanos, failed);
    }
}
