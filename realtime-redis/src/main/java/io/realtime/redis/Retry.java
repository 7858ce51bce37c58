package io.realtime.redis;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs a task on the backplane's executor, at most one run pending at a time; after failures, later each time, up
 * to a limit, so that a Redis that stays away is asked less and less often.
 */
final class Retry {

    private final ScheduledExecutorService executor;
    private final long firstMillis;
    private final long lastMillis;
    private final Runnable task;
    private final AtomicBoolean pending = new AtomicBoolean();
    private final AtomicLong delayMillis;

    Retry(ScheduledExecutorService executor, Duration first, Duration last, Runnable task) {
        this.executor = executor;
        this.firstMillis = first.toMillis();
        this.lastMillis = last.toMillis();
        this.task = task;
        this.delayMillis = new AtomicLong(firstMillis);
    }

    /** Runs the task soon, unless a run is pending already. */
    void now() {
        schedule(0);
    }

    /** The task failed: runs it again after the current delay, which doubles, unless a run is pending already. */
    void later() {
        schedule(delayMillis.getAndUpdate(delay -> Math.min(delay * 2, lastMillis)));
    }

    /** The task succeeded: the next failure waits the shortest delay again. */
    void reset() {
        delayMillis.set(firstMillis);
    }

    private void schedule(long delay) {
        if (!pending.compareAndSet(false, true)) {
            return;
        }
        try {
            executor.schedule(
                    () -> {
                        pending.set(false);
                        task.run();
                    },
                    delay,
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopped) {
            pending.set(false); // the backplane is closing
        }
    }
}
