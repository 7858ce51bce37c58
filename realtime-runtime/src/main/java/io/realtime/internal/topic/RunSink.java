package io.realtime.internal.topic;

import io.realtime.Event;
import io.realtime.EventSink;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The producer's outlet of a run on the node that started it: every send publishes into the run's log, and the log's
 * first {@code end} event, whoever published it and on whichever node, closes the sink and runs its callbacks. The
 * sink follows its own log while it is open, which keeps the log attached, so that the end reaches it.
 */
final class RunSink<T> implements EventSink<T> {

    private static final System.Logger LOG = System.getLogger(RunSink.class.getName());

    private final TopicRegistry registry;
    private final Producers producers;
    private final String name;
    private final AtomicBoolean ending = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final List<Runnable> callbacks = new ArrayList<>();
    private TopicReader pin; // set by open, before the sink is handed out

    RunSink(TopicRegistry registry, Producers producers, String name) {
        this.registry = registry;
        this.producers = producers;
        this.name = name;
    }

    /** Follows the run's log, which must be new: a run is started once. */
    void open() {
        TopicReader reader = registry.runReader(name, () -> {});
        TopicLog log = reader.log();
        long head = log.window().head();
        if (head > 0) {
            reader.close();
            throw new IllegalStateException(
                    "Run '" + name + "' has started already: it holds " + head + " events, and a name is one run");
        }
        pin = reader;
        log.watchEnd(this::ended);
    }

    @Override
    public boolean send(T data) {
        return send(Event.DEFAULT_NAME, data);
    }

    @Override
    public boolean send(String event, T data) {
        Event.checkName(event);
        Objects.requireNonNull(data, "data");
        if (closed.get()) {
            return false;
        }
        registry.publish(name, true, event, data);
        return true;
    }

    @Override
    public boolean isOpen() {
        return !closed.get();
    }

    @Override
    public void onClose(Runnable callback) {
        synchronized (callbacks) {
            if (!closed.get()) {
                callbacks.add(callback);
                return;
            }
        }
        callback.run();
    }

    /** Ends the run as complete. */
    @Override
    public void close() {
        end("complete");
    }

    /** Publishes the run's end, once, then closes at once, whether or not the backplane took it. */
    void end(String reason) {
        if (closed.get() || !ending.compareAndSet(false, true)) {
            return;
        }
        try {
            producers.end(name, reason);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not publish the end of run " + name + "; its clients may wait for it", e);
        } finally {
            ended();
        }
    }

    /** The run ended: called by the log's end watch on the backplane's thread, or by {@link #end}. */
    private void ended() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        pin.log().watchEnd(null);
        pin.close();
        producers.ended(name, this);
        List<Runnable> due;
        synchronized (callbacks) {
            due = List.copyOf(callbacks);
            callbacks.clear();
        }
        for (Runnable callback : due) {
            try {
                callback.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "A close callback of run " + name + " failed", e);
            }
        }
    }
}
