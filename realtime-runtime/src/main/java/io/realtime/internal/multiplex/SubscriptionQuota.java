package io.realtime.internal.multiplex;

import io.realtime.internal.identity.Handshake;

/**
 * Whether one more subscription may start for a client, beside the bound on each shared connection: the place
 * where per-client quotas count subscriptions (design, invariant 3). The runtime's default counts nothing.
 *
 * <p>Threading: called from any thread, once per subscription, and must not block.
 */
@FunctionalInterface
public interface SubscriptionQuota {

    /** Admits every subscription. */
    SubscriptionQuota UNLIMITED = client -> () -> {};

    /**
     * Takes a place for one more subscription of this client.
     *
     * @param client what the client presented when its connection opened
     * @return what gives the place back, run once when the subscription ends; {@code null} when the client has no
     *     place left, and the subscription is refused with {@code 429 too_many_subscriptions}
     */
    Runnable acquire(Handshake client);
}
