package io.realtime.internal.limits;

import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per client (docs/security.md, "Limits"): each holds up to {@code burst} tokens and gains
 * {@code perSecond} of them a second; every request that costs one takes one, or is refused with the time until the
 * next one. A client that stays within the rate is never refused, a burst is absorbed, and a client that goes on
 * faster is refused alone: every other client has a bucket of its own.
 *
 * <p>A full bucket is the same as none, so full ones are forgotten ({@link #sweep}): the table holds only the clients
 * that spent tokens lately. It is bounded too: past {@code maxClients} it forgets the full buckets at once, then, if
 * that is not enough, arbitrary ones (whose clients start again with a full bucket), so that a client walking
 * through addresses costs memory only up to the bound.
 *
 * <p>Threading: any thread; clients do not contend with each other (one lock per bucket, and the map's per-key
 * locking), and nothing blocks.
 */
public final class TokenBuckets {

    private static final long NANOS = 1_000_000_000L;

    private final double perNano;
    private final int burst;
    private final int maxClients;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    /**
     * @param perSecond how many tokens a bucket gains a second, more than 0
     * @param burst how many tokens a bucket holds, at least 1
     * @param maxClients how many buckets are kept at most
     */
    public TokenBuckets(double perSecond, int burst, int maxClients) {
        if (!(perSecond > 0) || burst < 1 || maxClients < 1) {
            throw new IllegalArgumentException("rate " + perSecond + ", burst " + burst + ", clients " + maxClients);
        }
        this.perNano = perSecond / NANOS;
        this.burst = burst;
        this.maxClients = maxClients;
    }

    /**
     * Takes a token from a client's bucket.
     *
     * @param client the client's key
     * @param nowNanos {@link System#nanoTime()}
     * @return 0 when a token was taken; otherwise how many milliseconds until the bucket has one, at least 1
     */
    public long take(String client, long nowNanos) {
        Bucket bucket = buckets.get(client);
        if (bucket == null) {
            if (buckets.size() >= maxClients) {
                shrink(nowNanos);
            }
            bucket = buckets.computeIfAbsent(client, key -> new Bucket(burst, nowNanos));
        }
        return bucket.take(nowNanos, perNano, burst);
    }

    /**
     * Forgets the buckets that have filled up again; called periodically by the runtime's scheduler.
     *
     * @param nowNanos {@link System#nanoTime()}
     */
    public void sweep(long nowNanos) {
        buckets.values().removeIf(bucket -> bucket.full(nowNanos, perNano, burst));
    }

    /** @return how many clients have a bucket now */
    public int size() {
        return buckets.size();
    }

    private void shrink(long nowNanos) {
        sweep(nowNanos);
        Iterator<Bucket> arbitrary = buckets.values().iterator();
        while (buckets.size() >= maxClients - maxClients / 10 && arbitrary.hasNext()) {
            arbitrary.next();
            arbitrary.remove();
        }
    }

    /** One client's tokens, refilled lazily when it is next used. */
    private static final class Bucket {
        private double tokens;
        private long refilledNanos;

        Bucket(int burst, long nowNanos) {
            this.tokens = burst;
            this.refilledNanos = nowNanos;
        }

        synchronized long take(long nowNanos, double perNano, int burst) {
            refill(nowNanos, perNano, burst);
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - tokens) / perNano / 1_000_000));
        }

        synchronized boolean full(long nowNanos, double perNano, int burst) {
            refill(nowNanos, perNano, burst);
            return tokens >= burst;
        }

        private void refill(long nowNanos, double perNano, int burst) {
            long elapsed = nowNanos - refilledNanos;
            if (elapsed > 0) {
                tokens = Math.min(burst, tokens + elapsed * perNano);
                refilledNanos = nowNanos;
            }
        }
    }
}
