package io.realtime.runtime;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An executor that knows how many of its tasks are waiting or running, whatever runs them (a virtual thread
 * per task keeps no queue to ask), so that the runtime's statistics can show work left behind.
 */
final class CountedExecutor extends AbstractExecutorService {

    private final ExecutorService delegate;
    private final AtomicInteger pending = new AtomicInteger();

    CountedExecutor(ExecutorService delegate) {
        this.delegate = delegate;
    }

    /** @return tasks accepted and not yet finished */
    int pending() {
        return pending.get();
    }

    @Override
    public void execute(Runnable task) {
        pending.incrementAndGet();
        try {
            delegate.execute(() -> {
                try {
                    task.run();
                } finally {
                    pending.decrementAndGet();
                }
            });
        } catch (RejectedExecutionException e) {
            pending.decrementAndGet();
            throw e;
        }
    }

    @Override
    public void shutdown() {
        delegate.shutdown();
    }

    @Override
    public List<Runnable> shutdownNow() {
        List<Runnable> never = delegate.shutdownNow();
        pending.addAndGet(-never.size());
        return never;
    }

    @Override
    public boolean isShutdown() {
        return delegate.isShutdown();
    }

    @Override
    public boolean isTerminated() {
        return delegate.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return delegate.awaitTermination(timeout, unit);
    }
}
