package io.realtime.internal.metrics;

import io.realtime.internal.Transport;

/**
 * The seam through which the runtime reports what it does, for metrics (and, later, the admin view): one call per
 * fact, with low-cardinality labels only (a transport, an endpoint's path template, an error code; never a topic,
 * user or tab). {@link #NONE} ignores everything, so a runtime without a meter registry pays a virtual call.
 *
 * <p>Threading: every method may be called from any thread, often a hot one (a writer, a publisher); implementations
 * never block and never throw.
 */
public interface Metrics {

    /** Reports nothing. */
    Metrics NONE = new Metrics() {};

    /**
     * What one connection reports, resolved once when it is made so that its hot path looks nothing up.
     *
     * @param transport how the client is connected
     * @param endpoint the endpoint's path template, such as {@code /orders/{id}}
     * @return its reporter; {@link ConnectionMetrics#NONE} by default
     */
    default ConnectionMetrics connection(Transport transport, String endpoint) {
        return ConnectionMetrics.NONE;
    }

    /** An event was published to a topic on this node. */
    default void published() {}

    /**
     * A request or handshake was refused with an error (docs/protocol.md, "Errors").
     *
     * @param code the error's machine-readable code, such as {@code too_many_polls}
     */
    default void refused(String code) {}

    /**
     * A client was refused because it exceeded a rate or concurrency limit; also {@link #refused counted} as a
     * refusal.
     *
     * @param limit the limit's name, such as {@code maxPollsPerSession}
     */
    default void rateLimited(String limit) {}

    /**
     * The backplane answered a publish.
     *
     * @param nanos how long it took
     * @param failed whether it failed
     */
    default void backplane(long nanos, boolean failed) {}
}
