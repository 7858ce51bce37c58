package io.realtime.internal.outbound;

import io.realtime.internal.Json;
import java.lang.System.Logger.Level;
import java.util.Iterator;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Pulls a per-client {@code Stream} or {@code Iterable} on the worker executor, as fast as the connection's
 * queue has room: a slow client slows the pulling instead of growing memory. When the queue is full the pump
 * stops and is resubmitted once the writer has drained it to half.
 */
final class IteratorSource implements Runnable {

    private static final System.Logger LOG = System.getLogger(IteratorSource.class.getName());

    private final Iterator<?> items;
    private final AutoCloseable resource;
    private final Feed feed;
    private final Json json;
    private final Executor workers;
    private final AtomicBoolean released = new AtomicBoolean();

    private IteratorSource(Iterator<?> items, AutoCloseable resource, Feed feed, Json json, Executor workers) {
        this.items = items;
        this.resource = resource;
        this.feed = feed;
        this.json = json;
        this.workers = workers;
    }

    /**
     * Starts pumping a method's result into a connection.
     *
     * @param result a {@code java.util.stream.Stream} (closed when done) or an {@code Iterable}
     */
    static void start(Object result, Feed feed, Json json, Executor workers) {
        IteratorSource source = result instanceof java.util.stream.Stream<?> stream
                ? new IteratorSource(stream.iterator(), stream, feed, json, workers)
                : new IteratorSource(((Iterable<?>) result).iterator(), null, feed, json, workers);
        feed.onClose(source::release);
        source.submit();
    }

    private void submit() {
        try {
            workers.execute(this);
        } catch (RejectedExecutionException stopping) {
            feed.close(Closing.SHUTDOWN);
        }
    }

    @Override
    public void run() {
        try {
            while (feed.isOpen()) {
                if (feed.room() <= 0) {
                    feed.whenRoom(this::submit);
                    return;
                }
                if (!items.hasNext()) {
                    feed.close(Closing.END);
                    return;
                }
                feed.offer(Messages.of(json, items.next()));
            }
        } catch (RuntimeException | Error e) {
            LOG.log(Level.WARNING, "A per-client stream failed; closing its connection", e);
            feed.close(Closing.FAILED);
        }
    }

    private void release() {
        if (resource != null && released.compareAndSet(false, true)) {
            try {
                resource.close();
            } catch (Exception e) {
                LOG.log(Level.DEBUG, "Closing a per-client stream failed", e);
            }
        }
    }
}
