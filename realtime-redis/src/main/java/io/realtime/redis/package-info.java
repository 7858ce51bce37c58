/**
 * A {@link io.realtime.spi.Backplane} on Redis, so that several nodes serve the same topics: start with
 * {@link io.realtime.redis.RedisBackplane#create(String)}.
 */
package io.realtime.redis;
