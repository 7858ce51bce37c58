package io.realtime.bench.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Iterator;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;

/**
 * One selector thread serving thousands of clients: it connects them, reads and parses what they receive, writes
 * their small requests and runs their timers. Other threads hand it work with {@link #execute}; everything a
 * client does runs here, so clients need no locks.
 *
 * <p>It watches its own lateness, so that a saturated load generator is detected rather than measured as a slow
 * server: a task scheduled every {@link #LAG_PERIOD_NANOS} records how late it ran ({@link #lag}).
 */
final class IoLoop implements AutoCloseable {

    static final long LAG_PERIOD_NANOS = 10_000_000;

    final Recorder recorder = new Recorder();
    final ByteBuffer readBuffer = ByteBuffer.allocateDirect(1 << 16);
    /** Scratch space for inflating permessage-deflate messages. */
    final Bytes inflated = new Bytes(1 << 12);
    /** How late the lag probe ran, in microseconds, since the last {@link Recorder#window}. */
    volatile Histogram lag = new Histogram();

    private final Selector selector;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private final Thread thread;
    private volatile boolean running = true;
    private long timerOrder;

    private record Timer(long due, long order, Runnable task) implements Comparable<Timer> {
        @Override
        public int compareTo(Timer other) {
            int byDue = Long.compare(due, other.due);
            return byDue != 0 ? byDue : Long.compare(order, other.order);
        }
    }

    IoLoop(String name) {
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
        execute(() -> probeLag(System.nanoTime() + LAG_PERIOD_NANOS));
    }

    Selector selector() {
        return selector;
    }

    /** The thread's id, for its CPU time. */
    long threadId() {
        return thread.getId();
    }

    void execute(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    /** Runs {@code task} on this thread in {@code delayNanos} or a little later; call on this thread. */
    void schedule(long delayNanos, Runnable task) {
        timers.add(new Timer(System.nanoTime() + delayNanos, timerOrder++, task));
    }

    /** Runs {@code task} on this thread and completes with its result. */
    <T> CompletableFuture<T> call(Supplier<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        execute(() -> {
            try {
                result.complete(task.get());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    private void probeLag(long due) {
        long late = System.nanoTime() - due;
        lag.record(Math.max(0, late) / 1_000);
        long next = due + LAG_PERIOD_NANOS;
        timers.add(new Timer(next, timerOrder++, () -> probeLag(next)));
    }

    private void run() {
        while (running) {
            try {
                long wait = 100;
                Timer first = timers.peek();
                if (first != null) {
                    wait = Math.max(1, Math.min(wait, (first.due() - System.nanoTime()) / 1_000_000));
                }
                selector.select(wait);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            for (Runnable task; (task = tasks.poll()) != null; ) {
                task.run();
            }
            Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
            while (keys.hasNext()) {
                SelectionKey key = keys.next();
                keys.remove();
                ((Client) key.attachment()).ready(key);
            }
            long now = System.nanoTime();
            while (!timers.isEmpty() && timers.peek().due() <= now) {
                timers.poll().task().run();
            }
        }
    }

    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            thread.join(5_000);
            selector.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
