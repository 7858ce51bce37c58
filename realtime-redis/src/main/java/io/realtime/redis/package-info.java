/**
 * A {@link io.realtime.spi.Backplane} on Redis, so that several nodes serve the same topics: start with
 * {@link io.realtime.redis.RedisBackplane#create(String)} for one Redis server, or
 * {@link io.realtime.redis.RedisBackplane#cluster(String...)} for a Redis Cluster.
 */
package io.realtime.redis;
