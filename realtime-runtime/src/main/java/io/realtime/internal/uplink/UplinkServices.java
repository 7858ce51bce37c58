package io.realtime.internal.uplink;

import io.realtime.internal.Json;
import io.realtime.internal.http.Refusals;
import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * What the uplink ({@code POST} messages to a {@code @Duplex} endpoint) uses, built by the runtime.
 *
 * @param workers where message methods run; may refuse work when saturated (then {@code 503})
 * @param json the application's mapper
 * @param refusals answers refused requests after discarding their bodies
 * @param maxMessageSize the most bytes one message may have ({@code 413} beyond)
 * @param timeout how long a body may take to arrive and a reply to come ({@code 504} after)
 */
public record UplinkServices(Executor workers, Json json, Refusals refusals, int maxMessageSize, Duration timeout) {}
