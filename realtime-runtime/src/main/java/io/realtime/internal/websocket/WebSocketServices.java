package io.realtime.internal.websocket;

import io.realtime.internal.Json;
import io.realtime.internal.duplex.Downstream;
import io.realtime.internal.http.Origins;
import io.realtime.internal.identity.Identity;
import io.realtime.internal.multiplex.Multiplexes;
import io.realtime.internal.outbound.OutboundServices;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;

/**
 * What the WebSocket transport uses, built by the runtime.
 *
 * @param outbound what each connection's writer needs
 * @param workers where endpoint methods run, one message at a time per connection
 * @param scheduler waits for a resume frame, and retries a message the saturated workers refused
 * @param json the application's mapper
 * @param downstream calls {@code @Duplex} connection methods
 * @param identity who is on the other end of each handshake
 * @param origins the same-origin rule, applied before the upgrade
 * @param inboundQueue the most messages of one connection waiting or in progress
 * @param maxMessageSize the most bytes one inbound message may have (close code {@code 1009} beyond)
 * @param idleTimeout how long a client may leave pings unanswered before it is closed
 * @param heartbeat how often a silent connection is pinged
 * @param deploymentFailure the exception that stops deployment when the container refuses an endpoint
 * @param multiplexes gives shared connections their subscriptions
 */
public record WebSocketServices(
        OutboundServices outbound,
        Executor workers,
        ScheduledExecutorService scheduler,
        Json json,
        Downstream downstream,
        Identity identity,
        Origins origins,
        int inboundQueue,
        int maxMessageSize,
        Duration idleTimeout,
        Duration heartbeat,
        Function<List<String>, RuntimeException> deploymentFailure,
        Multiplexes multiplexes) {}
