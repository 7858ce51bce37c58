package io.realtime.internal.sse;

import io.realtime.internal.duplex.Downstream;
import io.realtime.internal.outbound.Delivery;
import io.realtime.internal.outbound.OutboundServices;
import java.util.concurrent.Executor;

/**
 * What the Server-Sent Events transport uses, built by the runtime.
 *
 * @param outbound what each stream's writer needs
 * @param workers where endpoint methods run; may refuse work when saturated (then {@code 503})
 * @param delivery wires a method's result into a stream
 * @param downstream serves {@code @Duplex} connection methods when the stream is a WebSocket's fallback
 * @param retryMillis the reconnection delay each stream announces ({@code retry:})
 */
public record SseServices(
        OutboundServices outbound, Executor workers, Delivery delivery, Downstream downstream, long retryMillis) {}
