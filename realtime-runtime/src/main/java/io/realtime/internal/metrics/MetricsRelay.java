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

    /** @return whether a reporter is bound */
    public boolean bound() {
        return target != NONE;
    }

    @Override
    public ConnectionMetrics connection(Transport transport, String endpoint) {
        return target.connection(transport, endpoint);
    }

    @Override
    public void published() {
        target.published();
    }

    @Override
    public void refused(String code) {
        refusals.refused(code);
        target.refused(code);
    }

    @Override
    public void rateLimited(String limit) {
        target.rateLimited(limit);
    }

    @Override
    public void backplane(long nanos, boolean failed) {
        target.backplane(nanos, failed);
    }
}
