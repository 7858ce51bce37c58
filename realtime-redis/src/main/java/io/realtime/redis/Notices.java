package io.realtime.redis;

/**
 * How a node hears of publishes: the channels of the topics it follows, one subscription per topic whatever the
 * number of its clients. On one server, plain pub/sub; on a cluster, sharded pub/sub, each channel subscribed at
 * the master of its slot.
 */
interface Notices extends AutoCloseable {

    /** Receives what arrives on the followed channels. Called on the Redis client's I/O threads: never blocks. */
    interface Receiver {

        /** A message on a followed channel. */
        void message(String channel, byte[] message);

        /**
         * Redis confirmed a subscription: once for {@link #follow}, and again whenever the subscription had to be
         * renewed (a reconnect, a failover, a slot that moved), after which messages may have been missed.
         */
        void subscribed(String channel);
    }

    /** Sets the receiver; called once, before anything is followed. */
    void listen(Receiver receiver);

    /**
     * Subscribes to a channel and returns once Redis confirmed it, so that nothing announced afterwards is missed.
     * Blocks for at most about the timeout.
     *
     * @throws io.lettuce.core.RedisException if Redis could not be reached
     */
    void follow(String channel);

    /** Unsubscribes from a channel, without waiting. */
    void unfollow(String channel);

    @Override
    void close();
}
