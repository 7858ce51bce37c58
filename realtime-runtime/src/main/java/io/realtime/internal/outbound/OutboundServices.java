package io.realtime.internal.outbound;

import io.realtime.internal.metrics.Metrics;
import java.util.concurrent.Executor;

/**
 * What every connection's writer needs, whatever its transport; built once by the runtime.
 *
 * @param writers where connections drain, one drain at a time per connection
 * @param connections the registry every open connection joins, for heartbeats, statistics and shutdown
 * @param queueCapacity the most direct messages one connection queues before it is closed as a slow consumer
 * @param metrics where connections report what they do
 */
public record OutboundServices(Executor writers, Connections connections, int queueCapacity, Metrics metrics) {}
