package io.realtime.jetty;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a condition with a deadline, for the integration tests: never a fixed sleep. */
final class Awaits {

    static final Duration DEADLINE = Duration.ofSeconds(10);

    private Awaits() {}

    static void condition(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Not within " + DEADLINE + ": " + what);
            }
            try {
                Thread.sleep(5); // a polling interval, not a wait for something
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
