package io.realtime.internal;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a task on an executor when woken, never on the waker's thread and never twice at once: a wake-up during a
 * run makes the run go round once more, so none is lost. Waking costs an atomic increment, and a hand-off to the
 * executor when the task is idle, which is all a publisher's thread does for a connection or a waiting poll
 * (design §7). A container's completion callback may instead {@linkplain #runHere() run the task on its own
 * thread}, which saves the hand-off where the container has already paid for a thread.
 *
 * <p>Threading: {@link #wake()} and {@link #runHere()} from any thread, without blocking; the task runs one run at a
 * time, each run seeing what happened before the wake-up that caused it.
 */
public final class SerialTask {

    private final AtomicInteger wakeUps = new AtomicInteger();
    private final Executor executor;
    private final Runnable task;
    private final Runnable rejected;

    /**
     * @param executor where the task runs
     * @param task what runs; it should leave nothing undone that an earlier wake-up asked for
     * @param rejected run on the waker's thread when the executor refuses the task (it is stopping)
     */
    public SerialTask(Executor executor, Runnable task, Runnable rejected) {
        this.executor = executor;
        this.task = task;
        this.rejected = rejected;
    }

    /** Makes the task run soon: now on the executor if it is idle, or once more after its current run. */
    public void wake() {
        if (wakeUps.getAndIncrement() != 0) {
            return;
        }
        try {
            executor.execute(this::drain);
        } catch (RejectedExecutionException stopping) {
            wakeUps.set(0);
            rejected.run();
        }
    }

    /**
     * Makes the task run: now on the caller's thread if it is idle, or once more after its current run, wherever
     * that runs. For a container's completion callback, whose thread may do the task's non-blocking work; never
     * for a publisher's thread, which must not write to every subscriber itself. No recursion: a wake-up from
     * inside the task only makes the current run go round once more.
     */
    public void runHere() {
        if (wakeUps.getAndIncrement() != 0) {
            return;
        }
        drain();
    }

    private void drain() {
        int seen = 1;
        do {
            task.run();
            seen = wakeUps.addAndGet(-seen);
        } while (seen != 0);
    }
}
