package io.realtime.internal;

import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Logs one kind of trouble at most once per period, with how often it happened since the last record: a flood of
 * bad messages or failures must not flood the log as well. Used wherever the runtime logs what a client or the
 * backplane may cause often. Thread-safe.
 */
public final class LogLimit {

    /** The shortest time between two records of one kind, in nanoseconds. */
    public static final long PERIOD_NANOS = 10_000_000_000L;

    private final AtomicLong count = new AtomicLong();
    private final AtomicLong next = new AtomicLong(System.nanoTime());

    /**
     * Counts one occurrence, and logs when the period has passed.
     *
     * @param pattern a {@link java.text.MessageFormat} pattern; {@code {0}} is the count since the last record
     */
    public void log(System.Logger log, Level level, String pattern) {
        count.incrementAndGet();
        long now = System.nanoTime();
        long due = next.get();
        if (now - due >= 0 && next.compareAndSet(due, now + PERIOD_NANOS)) {
            log.log(level, pattern, count.getAndSet(0));
        }
    }
}
