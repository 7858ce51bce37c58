package io.realtime.internal.multiplex;

import io.realtime.internal.Json;
import io.realtime.internal.duplex.Downstream;
import io.realtime.internal.endpoint.Routes;
import io.realtime.internal.http.Refusals;
import io.realtime.internal.identity.Identity;
import io.realtime.internal.longpoll.SharedPolls;
import io.realtime.internal.outbound.Delivery;
import io.realtime.internal.sse.SseTransport;
import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * What shared connections use, built by the runtime.
 *
 * @param routes the application's endpoints, which subscriptions name by path
 * @param identity who each subscription's tab is, when it names its own
 * @param delivery wires a {@code @Stream} or {@code @Push} method's result into its subscription
 * @param downstream calls {@code @Duplex} connection methods
 * @param json the application's mapper
 * @param workers where endpoint methods run, one task per subscription; may refuse work when saturated
 * @param maxSubscriptions the most subscriptions one connection carries at once
 * @param quota counts subscriptions in per-client quotas
 * @param streams opens the Server-Sent Events streams that carry shared connections
 * @param polls serves the polls that carry shared connections
 * @param refusals answers refused requests after discarding their bodies
 * @param maxMessageSize the most bytes a control frame or request body may have
 * @param timeout how long a request body may take to arrive
 */
public record MuxServices(
        Routes routes,
        Identity identity,
        Delivery delivery,
        Downstream downstream,
        Json json,
        Executor workers,
        int maxSubscriptions,
        SubscriptionQuota quota,
        SseTransport streams,
        SharedPolls polls,
        Refusals refusals,
        int maxMessageSize,
        Duration timeout) {}
