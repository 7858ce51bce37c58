package io.realtime.jetty;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls a condition until it holds or a deadline passes; the failure says what was seen last. */
final class Await {

    static final Duration DEFAULT = Duration.ofSeconds(20);

    private Await() {}

    static void until(String what, BooleanSupplier condition) {
        until(what, condition, () -> "", DEFAULT);
    }

    static void until(String what, BooleanSupplier condition, Supplier<Object> seen) {
        until(what, condition, seen, DEFAULT);
    }

    static void until(String what, BooleanSupplier condition, Supplier<Object> seen, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("Waited " + wait + " for " + what + "; last seen: " + seen.get());
            }
            LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        }
    }

    /** Waits until the server's statistics satisfy a condition. */
    static void stats(
            RealtimeServer server,
            String what,
            java.util.function.Predicate<io.realtime.runtime.RealtimeStats> condition) {
        until(what, () -> condition.test(server.stats()), server::stats);
    }
}
