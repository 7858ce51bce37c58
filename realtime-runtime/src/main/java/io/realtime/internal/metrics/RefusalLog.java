package io.realtime.internal.metrics;

import java.lang.System.Logger.Level;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Logs refusals at WARN, at most one line per error code per interval, with how many there were: a flood of bad
 * requests costs a line a minute, not a line each. The first refusal of a code is logged at once; the ones that
 * follow within the interval are counted into the next line, written at the first refusal of that code after the
 * interval. A line names the code alone: never a path, an address, a tab or a token.
 *
 * <p>Bounded: at most {@link #MAX_CODES} codes are kept apart (the runtime's codes are a few dozen); any beyond share
 * one entry, logged as {@code other}. Threading: any thread; never blocks.
 */
final class RefusalLog {

    static final int MAX_CODES = 64;
    static final String OTHER = "other";

    private static final System.Logger LOG = System.getLogger("io.realtime.refusals");

    private final LongSupplier nanoTime;
    private final long intervalNanos;
    private final ConcurrentMap<String, Window> windows = new ConcurrentHashMap<>();

    /**
     * @param nanoTime the clock, {@code System::nanoTime} but in tests
     * @param intervalNanos the least time between two lines of one code
     */
    RefusalLog(LongSupplier nanoTime, long intervalNanos) {
        this.nanoTime = nanoTime;
        this.intervalNanos = intervalNanos;
    }

    void refused(String code) {
        if (!LOG.isLoggable(Level.WARNING)) {
            return;
        }
        // A racing first refusal of several new codes may keep a few more apart: still bounded by the threads.
        String key = windows.containsKey(code) || windows.size() < MAX_CODES ? code : OTHER;
        Window window = windows.computeIfAbsent(key, k -> new Window(nanoTime.getAsLong() - intervalNanos));
        window.pending.increment();
        long now = nanoTime.getAsLong();
        long next = window.next.get();
        if (now - next >= 0 && window.next.compareAndSet(next, now + intervalNanos)) {
            long count = window.pending.sumThenReset();
            LOG.log(
                    Level.WARNING,
                    "Refused {0} request(s) or subscription(s) with the error ''{1}'' since the last such line, at"
                            + " most one a minute per code (realtime.refusals counts them all)",
                    count,
                    key);
        }
    }

    /** One code's refusals not yet logged, and when its next line may come. */
    private static final class Window {
        final LongAdder pending = new LongAdder();
        final AtomicLong next;

        Window(long next) {
            this.next = new AtomicLong(next);
        }
    }
}
