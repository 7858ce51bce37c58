package io.realtime.internal.topic;

import io.realtime.internal.limits.EvictionClock;
import io.realtime.spi.Backplane;
import io.realtime.spi.BackplaneException;
import io.realtime.spi.StoredEvent;
import java.lang.System.Logger.Level;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * One topic as this node serves it: the backplane feeds its {@link Window}, and its readers pull from the window
 * at their own pace. Publishing appends and signals; it never waits for a reader (design §5). A run is a topic whose
 * log is retained by the run's limits, and whose first {@code end} event, which no application can publish into a
 * plain topic, ends it.
 */
final class TopicLog implements Backplane.Listener, EvictionClock.Entry {

    /** Where a new reader starts: at {@code offset} of {@code epoch}, after a reset when {@code reset}. */
    record Start(String epoch, long offset, boolean reset) {}

    /** Thrown at callers racing with the eviction of an idle topic; they fetch the topic again. */
    static final class Closed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Closed() {
            super(null, null, false, false);
        }
    }

    /** The name of the event that ends a run; reserved, so that no plain topic holds one. */
    static final String END = "end";

    private static final System.Logger LOG = System.getLogger(TopicLog.class.getName());

    private final String name;
    private final Backplane backplane;
    private final int maxEvents;
    private final long maxAgeMillis;
    private final Set<TopicReader> readers = ConcurrentHashMap.newKeySet();
    private final ReentrantReadWriteLock guard = new ReentrantReadWriteLock();
    private final EvictionClock.Standing standing = new EvictionClock.Standing();
    private volatile Window window;
    private final boolean run;
    private volatile long end; // the offset of the window's first end event, 0 for none
    private volatile Runnable endWatch;
    private Backplane.Attachment attachment;
    private boolean closed;

    private TopicLog(String name, Backplane backplane, int maxEvents, long maxAgeMillis, boolean run) {
        this.name = name;
        this.backplane = backplane;
        this.maxEvents = maxEvents;
        this.maxAgeMillis = maxAgeMillis;
        this.run = run;
    }

    static TopicLog open(String name, Backplane backplane, int maxEvents, long maxAgeMillis) {
        return open(name, backplane, maxEvents, maxAgeMillis, false);
    }

    /**
     * Attaches a topic; a run's log asks the backplane to retain what the run's limits say, since a run is
     * replayed from its start and a plain topic only from recent cursors.
     */
    static TopicLog open(String name, Backplane backplane, int maxEvents, long maxAgeMillis, boolean run) {
        TopicLog log = new TopicLog(name, backplane, maxEvents, maxAgeMillis, run);
        log.attachment = run
                ? backplane.attach(name, new Backplane.Retention(maxEvents, maxAgeMillis), log)
                : backplane.attach(name, log);
        if (log.window == null) {
            log.attachment.close();
            throw new IllegalStateException("Backplane " + backplane.getClass().getName()
                    + " returned from attach without calling onReset first");
        }
        return log;
    }

    /** @return the topic name */
    String name() {
        return name;
    }

    /** @return the current window; a reader keeps using one window until its epoch changes */
    Window window() {
        return window;
    }

    /** @return whether this log was opened for a run, with the run's limits */
    boolean isRun() {
        return run;
    }

    /** @return the offset of the event that ended the run in the current window, 0 while it goes on */
    long end() {
        return end;
    }

    /**
     * Sets what runs, on the backplane's listener thread, when an {@code end} event arrives: the producer on this
     * node learns that its run ended, wherever it was ended from. One watch per log; {@code null} removes it.
     */
    void watchEnd(Runnable watch) {
        endWatch = watch;
    }

    /**
     * Where a subscriber resuming from {@code lastEventId} starts: right after it when every later event is
     * retained, otherwise at the head after a {@code reset} (malformed, other epoch, future, or expired by count
     * or by age). Without a cursor, at the head: "from now". A cursor of another epoch or beyond the head first
     * makes the backplane catch up, since another node may have issued it; this may block briefly.
     *
     * @param lastEventId the client's cursor, or {@code null}
     * @param nowMillis the current time
     * @return the start
     * @throws BackplaneException if the backplane could not catch up, so that whether the events after the cursor
     *     are retained cannot be known yet: the client should come back later with the same cursor
     */
    Start resolve(String lastEventId, long nowMillis) {
        Window w = window;
        long head = w.head();
        if (lastEventId == null) {
            return new Start(w.epoch(), head, false);
        }
        Cursor cursor = Cursor.parse(lastEventId).orElse(null);
        if (cursor == null) {
            return new Start(w.epoch(), head, true);
        }
        if (!cursor.epoch().equals(w.epoch()) || cursor.offset() > head) {
            w = caughtUp();
            head = w.head();
            if (!cursor.epoch().equals(w.epoch()) || cursor.offset() > head) {
                return new Start(w.epoch(), head, true);
            }
        }
        if (cursor.offset() == head) {
            return new Start(w.epoch(), head, false);
        }
        LogEvent first = w.next(cursor.offset());
        if (first == null || first == Window.GAP || first.timestamp() < nowMillis - maxAgeMillis) {
            return new Start(w.epoch(), head, true);
        }
        return new Start(w.epoch(), cursor.offset(), false);
    }

    // A cursor this node has not seen may come from a node ahead of this one on a shared backplane. When the
    // backplane cannot say, the client is told to come back (503) rather than reset to this node's stale head: the
    // events after its cursor may well be retained, and a reset would make it skip them.
    private Window caughtUp() {
        try {
            attachment.catchUp();
            return window;
        } catch (BackplaneException unreachable) {
            throw unreachable;
        } catch (RuntimeException failed) {
            throw new BackplaneException("Could not catch up with topic '" + name + "'", failed);
        }
    }

    /**
     * Adds a reader. It then reads from its own position; events appended meanwhile are not missed because it pulls
     * from the window rather than being handed events.
     *
     * @param reader the reader
     * @throws Closed if the topic was evicted meanwhile: fetch it again
     */
    void subscribe(TopicReader reader) {
        guard.readLock().lock();
        try {
            if (closed) {
                throw new Closed();
            }
            readers.add(reader);
            standing.used();
        } finally {
            guard.readLock().unlock();
        }
    }

    /**
     * Removes a reader. Idempotent.
     *
     * @param reader the reader
     */
    void unsubscribe(TopicReader reader) {
        readers.remove(reader);
    }

    /** @return the number of readers */
    int subscribers() {
        return readers.size();
    }

    String publish(String event, byte[] data) {
        guard.readLock().lock();
        try {
            if (closed) {
                throw new Closed();
            }
            standing.used();
            StoredEvent stored = backplane.publish(name, event, data);
            return stored.epoch() + ':' + stored.offset();
        } finally {
            guard.readLock().unlock();
        }
    }

    @Override
    public void onEvent(StoredEvent event) {
        Window w = window;
        if (!event.epoch().equals(w.epoch()) || event.offset() != w.head() + 1) {
            // A backplane that breaks its contract must not make us skip silently: start a fresh window,
            // which makes every subscriber reset (invariant 2).
            LOG.log(
                    Level.WARNING,
                    "Backplane delivered {0} after {1}:{2} on topic {3}; resetting the topic",
                    event.epoch() + ':' + event.offset(),
                    w.epoch(),
                    w.head(),
                    name);
            w = new Window(event.epoch(), event.offset() - 1, maxEvents);
            window = w;
            end = 0;
        }
        w.append(new LogEvent(event));
        if (end == 0 && END.equals(event.name())) {
            end = event.offset();
            Runnable watch = endWatch;
            if (watch != null) {
                watch.run();
            }
        }
        signalAll();
    }

    @Override
    public void onReset(String epoch, long head) {
        if (!Cursor.validEpoch(epoch)) {
            throw new IllegalArgumentException("Epoch must be 1 to 64 characters of [A-Za-z0-9_-]");
        }
        window = new Window(epoch, head, maxEvents);
        end = 0; // the backplane hands the retained events again, the end among them if it is kept
        signalAll();
    }

    private void signalAll() {
        for (TopicReader reader : readers) {
            reader.signal();
        }
    }

    /**
     * Closes the topic if nobody follows it and its history has expired, so that idle topics do not
     * accumulate (invariant 3).
     *
     * @param nowMillis the current time
     * @return whether it closed
     */
    boolean closeIfIdle(long nowMillis) {
        if (!readers.isEmpty() || window.newestTimestamp() >= nowMillis - maxAgeMillis) {
            return false;
        }
        return evict() || gone();
    }

    /**
     * Closes the topic if nobody follows it, whatever its history: the registry is full and makes room
     * ({@link EvictionClock}). A client that comes back with a cursor of it gets {@code reset}.
     *
     * @return whether it closed
     */
    boolean evict() {
        guard.writeLock().lock();
        try {
            if (closed || !readers.isEmpty()) {
                return false;
            }
            closeAttached();
            return true;
        } finally {
            guard.writeLock().unlock();
        }
    }

    @Override
    public boolean gone() {
        guard.readLock().lock();
        try {
            return closed;
        } finally {
            guard.readLock().unlock();
        }
    }

    @Override
    public boolean inUse() {
        return !readers.isEmpty();
    }

    @Override
    public EvictionClock.Standing standing() {
        return standing;
    }

    void close() {
        guard.writeLock().lock();
        try {
            if (!closed) {
                closeAttached();
            }
        } finally {
            guard.writeLock().unlock();
        }
    }

    // Under the write lock, so that whoever sees Closed and opens the topic again finds it detached.
    private void closeAttached() {
        closed = true;
        attachment.close();
    }
}
