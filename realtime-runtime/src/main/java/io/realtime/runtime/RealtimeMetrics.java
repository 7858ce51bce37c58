package io.realtime.runtime;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.realtime.internal.metrics.MicrometerMetrics;
import jakarta.servlet.ServletContext;
import java.util.Objects;

/**
 * Binds the meters of the realtime runtime running in a servlet context to a Micrometer registry: connections,
 * deliveries, lag, slow consumers, resets, resumes, refusals, the backplane, tabs and sessions, all named
 * {@code realtime.*} (docs/observability.md). Micrometer is an optional dependency of the runtime: an application
 * that never uses this class loads nothing of it, and its runtime reports to nothing.
 *
 * <pre>{@code
 * RealtimeMetrics.of(servletContext).bindTo(registry); // in a ServletContextListener, once the runtime runs
 * }</pre>
 *
 * <p>Tags are low-cardinality by design: {@code transport}, {@code endpoint} (the path template, such as
 * {@code /orders/{id}}), {@code code} (an error code) and {@code limit}; never a topic, user or tab.
 *
 * <p>Lifecycle: bind once per start of the runtime, early: connections that opened before count only from their
 * next connection on. The meters leave the registry when the runtime stops. Threading: any thread; never blocks.
 */
public final class RealtimeMetrics implements MeterBinder {

    private final RealtimeRuntime runtime;

    private RealtimeMetrics(RealtimeRuntime runtime) {
        this.runtime = runtime;
    }

    /**
     * The meters of the runtime running in {@code context}.
     *
     * @param context a servlet context in which the runtime has started
     * @return a binder for them
     * @throws IllegalStateException if no realtime runtime runs there
     */
    public static RealtimeMetrics of(ServletContext context) {
        Object runtime = Objects.requireNonNull(context, "context").getAttribute(RealtimeRuntime.ATTRIBUTE);
        if (!(runtime instanceof RealtimeRuntime running)) {
            throw new IllegalStateException("No realtime runtime runs in servlet context '" + context.getContextPath()
                    + "'; bind its metrics once it has started, such as from a ServletContextListener");
        }
        return new RealtimeMetrics(running);
    }

    /**
     * Registers the meters in {@code registry} and starts reporting to them.
     *
     * @throws IllegalStateException if this runtime's meters are already bound to a registry (bind a
     *     {@code CompositeMeterRegistry} to report to several)
     */
    @Override
    public void bindTo(MeterRegistry registry) {
        MicrometerMetrics metrics = new MicrometerMetrics(Objects.requireNonNull(registry, "registry"));
        runtime.metrics().bind(metrics);
        metrics.gauge(
                "realtime.subscriptions",
                "Topic subscriptions, over all topics",
                runtime,
                r -> r.topics().subscriptions());
        metrics.gauge("realtime.topics", "Live topics", runtime, r -> r.topics().size());
        metrics.gauge(
                "realtime.tabs",
                "Browser tabs whose state the runtime keeps",
                runtime,
                r -> r.identity().tabs());
        metrics.gauge(
                "realtime.http.sessions",
                "HTTP sessions with connections, or kept alive by them",
                runtime,
                r -> r.identity().httpSessions());
        metrics.gauge(
                "realtime.queue.depth",
                "Messages waiting in connections' queues, over all connections",
                runtime,
                r -> r.connections().queuedMessages());
        metrics.gauge(
                "realtime.waiting.polls",
                "Long-polls held open",
                runtime,
                r -> r.waitingPolls().size());
        metrics.gauge(
                "realtime.pending.tasks",
                "Method calls and writes waiting for or holding a runtime thread",
                runtime,
                r -> r.stats().pendingTasks());
        runtime.afterClose(metrics::close);
    }
}
