package io.realtime.internal.websocket;

import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The inbound side of one connection: its messages are handled one at a time, in arrival order, on the worker
 * executor (never on a container thread), as {@code @Duplex} promises. The backlog is bounded: a message counts
 * from its arrival until its reply is out, so replies still awaiting a {@code CompletionStage} count too, and a
 * message beyond the bound is refused by the caller.
 */
final class Inbox implements Runnable {

    private static final System.Logger LOG = System.getLogger(Inbox.class.getName());

    private final Executor workers;
    private final ScheduledExecutorService scheduler;
    private final int capacity;
    private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
    private int pending;
    private boolean running;
    private boolean closed;

    Inbox(Executor workers, ScheduledExecutorService scheduler, int capacity) {
        this.workers = workers;
        this.scheduler = scheduler;
        this.capacity = capacity;
    }

    /** Queues a task that runs before any message and does not count towards the backlog. */
    void first(Runnable task) {
        synchronized (this) {
            queue.addFirst(task);
        }
        kick();
    }

    /**
     * Queues the handling of a message; the task calls {@link #done()} once its reply is out.
     *
     * @return {@code false} if the backlog is full and the message must be refused
     */
    boolean offer(Runnable task) {
        synchronized (this) {
            if (closed) {
                return true; // the connection has gone: nobody to refuse
            }
            if (pending >= capacity) {
                return false;
            }
            pending++;
            queue.addLast(task);
        }
        kick();
        return true;
    }

    /** One message's reply is out. */
    synchronized void done() {
        pending--;
    }

    /** The connection closed: messages not yet started are dropped. */
    synchronized void close() {
        closed = true;
        queue.clear();
    }

    private void kick() {
        synchronized (this) {
            if (running || queue.isEmpty()) {
                return;
            }
            running = true;
        }
        submit();
    }

    private void submit() {
        try {
            workers.execute(this);
        } catch (RejectedExecutionException saturated) {
            // The platform worker pool is full (Java 17): keep the order and try again shortly.
            try {
                scheduler.schedule(this::submit, 50, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stopping) {
                close();
            }
        }
    }

    @Override
    public void run() {
        while (true) {
            Runnable task;
            synchronized (this) {
                task = queue.pollFirst();
                if (task == null) {
                    running = false;
                    return;
                }
            }
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                LOG.log(Level.WARNING, "Handling an inbound message failed", e);
            }
        }
    }
}
