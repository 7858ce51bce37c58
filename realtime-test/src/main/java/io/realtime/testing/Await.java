package io.realtime.testing;

import io.realtime.runtime.RealtimeStats;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Polls a condition until it holds or a deadline passes, for what a test can only observe from outside (the
 * runtime's statistics, a thread count); the failure says what was seen last. Never a fixed sleep.
 *
 * <pre>{@code
 * Await.stats(server, "no connections", stats -> stats.connections() == 0);
 * }</pre>
 *
 * <p>Threading: blocks the calling thread, checking about every 5 ms.
 */
public final class Await {

    /** How long the methods without a deadline wait. */
    public static final Duration DEFAULT = Duration.ofSeconds(20);

    private Await() {}

    /**
     * Waits up to {@link #DEFAULT} for a condition.
     *
     * @param what what is awaited, for the failure message
     * @param condition checked repeatedly
     * @throws AssertionError if it does not hold in time
     */
    public static void until(String what, BooleanSupplier condition) {
        until(what, condition, () -> "", DEFAULT);
    }

    /**
     * Waits up to {@link #DEFAULT} for a condition.
     *
     * @param what what is awaited, for the failure message
     * @param condition checked repeatedly
     * @param seen what to report as last seen if it does not hold
     * @throws AssertionError if it does not hold in time
     */
    public static void until(String what, BooleanSupplier condition, Supplier<Object> seen) {
        until(what, condition, seen, DEFAULT);
    }

    /**
     * Waits for a condition.
     *
     * @param what what is awaited, for the failure message
     * @param condition checked repeatedly
     * @param seen what to report as last seen if it does not hold
     * @param wait the deadline
     * @throws AssertionError if it does not hold in time
     */
    public static void until(String what, BooleanSupplier condition, Supplier<Object> seen, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("Waited " + wait + " for " + what + "; last seen: " + seen.get());
            }
            LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        }
    }

    /**
     * Waits up to {@link #DEFAULT} until the server's statistics satisfy a condition.
     *
     * @param server the server
     * @param what what is awaited, for the failure message
     * @param condition checked repeatedly
     * @throws AssertionError if it does not hold in time
     */
    public static void stats(ContainerServer server, String what, Predicate<RealtimeStats> condition) {
        until(what, () -> condition.test(server.stats()), server::stats);
    }
}
