package io.realtime.runtime;

import java.lang.System.Logger.Level;
import java.lang.reflect.Method;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The runtime's threads: none per connection (design §7). Application methods run on virtual threads where
 * the JDK has them (21+), otherwise on a bounded pool with a bounded queue; writers are a small fixed pool;
 * one scheduler serves every timer. One instance per runtime, which knows every platform thread it started, so
 * that stopping the runtime can wait until each has ended: containers look for threads an application left
 * running as soon as it has stopped (Tomcat reports them as leaks), and a redeployment must not add threads.
 */
final class Threads {

    private static final System.Logger LOG = System.getLogger(Threads.class.getName());

    /** Tasks waiting for a platform worker beyond which new requests are refused with 503. */
    static final int WORKER_QUEUE = 10_000;

    private final Set<Thread> alive = ConcurrentHashMap.newKeySet();

    ExecutorService workers(int platformThreads) {
        ExecutorService virtual = virtualThreadExecutor("realtime-worker-");
        if (virtual != null) {
            return virtual;
        }
        ThreadPoolExecutor pool = new ThreadPoolExecutor(
                platformThreads,
                platformThreads,
                30,
                TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(WORKER_QUEUE),
                named("realtime-worker-"));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    ExecutorService writers() {
        int count = Math.max(2, Runtime.getRuntime().availableProcessors());
        // The queue holds at most one task per open connection: a connection schedules one drain at a time.
        ThreadPoolExecutor pool = new ThreadPoolExecutor(
                count, count, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), named("realtime-writer-"));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** @return one thread for the backplane's probes, which may block up to the backplane's timeout */
    ExecutorService prober() {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(
                1, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), named("realtime-probe-"));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    ScheduledThreadPoolExecutor scheduler() {
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, named("realtime-scheduler-")) {
            // Timers drop the future that schedule() returns; a task's failure, which that future would hold
            // unseen, is logged here instead.
            @Override
            protected void afterExecute(Runnable task, Throwable thrown) {
                Throwable failure = thrown;
                if (failure == null && task instanceof Future<?> future && future.isDone() && !future.isCancelled()) {
                    try {
                        future.get();
                    } catch (ExecutionException e) {
                        failure = e.getCause();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                if (failure != null) {
                    LOG.log(Level.WARNING, "A scheduled runtime task failed", failure);
                }
            }
        };
        scheduler.setRemoveOnCancelPolicy(true);
        scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        return scheduler;
    }

    /** One thread for control messages between nodes, with a bounded queue: beyond it, messages are dropped. */
    ThreadPoolExecutor control(int queue) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(
                1, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(queue), named("realtime-control-"));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    ThreadFactory named(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(
                    () -> {
                        try {
                            task.run();
                        } finally {
                            alive.remove(Thread.currentThread());
                        }
                    },
                    prefix + count.incrementAndGet());
            thread.setDaemon(true);
            alive.add(thread);
            return thread;
        };
    }

    /**
     * Waits until every platform thread started here has ended, once their executors are shut down.
     *
     * @return how many are still alive at the deadline
     */
    int awaitExit(long deadlineNanos) throws InterruptedException {
        for (Thread thread : alive) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                break;
            }
            thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        }
        alive.removeIf(thread -> !thread.isAlive());
        return alive.size();
    }

    // Virtual threads exist from Java 21; the runtime is compiled for 17, so they are looked up reflectively.
    private static ExecutorService virtualThreadExecutor(String prefix) {
        try {
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            Class<?> ofVirtual = Class.forName("java.lang.Thread$Builder$OfVirtual");
            builder = ofVirtual.getMethod("name", String.class, long.class).invoke(builder, prefix, 1L);
            Method factory = Class.forName("java.lang.Thread$Builder").getMethod("factory");
            ThreadFactory threads = (ThreadFactory) factory.invoke(builder);
            return (ExecutorService) Executors.class
                    .getMethod("newThreadPerTaskExecutor", ThreadFactory.class)
                    .invoke(null, threads);
        } catch (NoSuchMethodException | ClassNotFoundException before21) {
            return null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.DEBUG, "Virtual threads unavailable; using a platform pool", e);
            return null;
        }
    }
}
