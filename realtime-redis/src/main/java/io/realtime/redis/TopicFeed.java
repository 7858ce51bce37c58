package io.realtime.redis;

import io.realtime.spi.Backplane;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * One topic as this node follows it. Notices arrive on the pub/sub connection's thread and wait in a bounded
 * inbox; one drain at a time, on the backplane's executor, hands them to the listener in offset order. Whatever
 * the notices skipped (an offset jump, a lost connection, an overflowing inbox) is read back from the topic's
 * stream; what the stream no longer has becomes a reset, never a silent gap (SPI contract of
 * {@link Backplane#attach}).
 */
final class TopicFeed implements Backplane.Attachment {

    /** Queued when notices may have been missed: after the channel was subscribed again, or to retry. */
    static final Object RESYNC = new Object();

    private static final System.Logger LOG = System.getLogger(TopicFeed.class.getName());
    private static final Duration FIRST_RETRY = Duration.ofMillis(250);
    private static final Duration LAST_RETRY = Duration.ofSeconds(30);
    private static final int MAX_ROUNDS = 8;

    private final String topic;
    private final Backplane.Listener listener;
    private final Store store;
    private final Store.Retained retained;
    private final ScheduledExecutorService executor;
    private final Consumer<TopicFeed> detach;
    private final int inboxLimit;
    private final Queue<Object> inbox = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicInteger wip = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean subscribed = new AtomicBoolean();
    private final ReentrantLock lock = new ReentrantLock();
    private final Retry retry;
    private volatile boolean started;
    private volatile boolean overflowed;

    // What the listener has received; guarded by lock.
    private String epoch;
    private long head;
    private String lastId; // stream id of the newest event delivered in this epoch; null when unknown

    TopicFeed(
            String topic,
            Backplane.Listener listener,
            Store store,
            Store.Retained retained,
            ScheduledExecutorService executor,
            Consumer<TopicFeed> detach) {
        this.topic = topic;
        this.listener = listener;
        this.store = store;
        this.retained = retained;
        this.executor = executor;
        this.detach = detach;
        this.inboxLimit = Math.max(1024, retained.maxEvents());
        this.retry = new Retry(executor, FIRST_RETRY, LAST_RETRY, () -> offer(RESYNC));
    }

    /** @return what the topic retains in Redis */
    Store.Retained retained() {
        return retained;
    }

    /** Gives the listener its reset and the retained events, then lets the notices through. Blocks on Redis. */
    void start() {
        lock.lock();
        try {
            snapshot(null);
        } finally {
            lock.unlock();
        }
        started = true;
        schedule();
    }

    /**
     * Queues a {@link Notice} or {@link #RESYNC}. Called on the pub/sub connection's thread: never blocks.
     * Past the inbox limit notices are dropped and the stream fills in for them.
     */
    void offer(Object item) {
        if (closed.get()) {
            return;
        }
        if (queued.incrementAndGet() > inboxLimit) {
            queued.decrementAndGet();
            overflowed = true;
        } else {
            inbox.add(item);
        }
        if (started) {
            schedule();
        }
    }

    /**
     * The channel's subscription was confirmed. The first confirmation answers the attach, which reads the
     * stream afterwards; any later one follows a reconnect, and whatever was announced meanwhile was missed.
     */
    void subscribed() {
        if (subscribed.getAndSet(true)) {
            offer(RESYNC);
        }
    }

    @Override
    public void catchUp() {
        lock.lock();
        try {
            if (!closed.get()) {
                catchUpLocked();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            detach.accept(this);
        }
    }

    private void schedule() {
        if (wip.getAndIncrement() == 0) {
            try {
                executor.execute(this::drain);
            } catch (RejectedExecutionException stopped) {
                wip.set(0); // the backplane is closing
            }
        }
    }

    private void drain() {
        int missed = 1;
        lock.lock();
        try {
            while (true) {
                Object item;
                while (!closed.get() && (item = inbox.poll()) != null) {
                    queued.decrementAndGet();
                    handleGuarded(item);
                }
                if (overflowed && !closed.get()) {
                    overflowed = false;
                    handleGuarded(RESYNC);
                }
                missed = wip.addAndGet(-missed);
                if (missed == 0) {
                    return;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private void handleGuarded(Object item) {
        try {
            handle(item);
            retry.reset();
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "Topic " + topic + " could not catch up with Redis; retrying", e);
            if (!closed.get()) {
                retry.later();
            }
        }
    }

    private void handle(Object item) {
        if (!(item instanceof Notice notice) || !notice.epoch().equals(epoch)) {
            catchUpLocked(); // a resync, or another epoch: Redis tells which
            return;
        }
        Entry entry = notice.entry();
        if (entry.offset() == head + 1) {
            deliver(entry);
        } else if (entry.offset() > head) {
            catchUpLocked(); // notices went missing: the stream has them
        } else if (lastId != null && Entry.compareIds(entry.id(), lastId) > 0) {
            snapshot(epoch); // a known offset on a newer entry: Redis went back in time and reused offsets
        }
        // otherwise a notice for an event already read from the stream
    }

    /** Delivers every event stored after the newest one delivered, or resets where the stream lost some. */
    private void catchUpLocked() {
        String after = lastId == null ? "0-0" : lastId;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            Snapshot s = store.read(topic, null, after, retained);
            if (!s.epoch().equals(epoch)) {
                snapshot(null);
                return;
            }
            if (s.seq() < head) {
                snapshot(epoch); // Redis went back in time: the offsets we hold will be reused
                return;
            }
            for (Entry entry : s.entries()) {
                after = entry.id();
                if (entry.offset() <= head) {
                    if (lastId != null) {
                        snapshot(epoch); // stored after our newest event, yet numbered before it: reused offsets
                        return;
                    }
                    continue;
                }
                if (entry.offset() != head + 1) {
                    reset(entry.offset() - 1); // trimmed or evicted before this node read them
                }
                deliver(entry);
            }
            if (s.entries().size() < retained.maxEvents()) {
                if (s.seq() > head) {
                    reset(s.seq()); // the newest events are gone from the stream
                }
                return;
            }
        }
        snapshot(null); // too far behind to replay in time: continue from the retained history
    }

    /** Starts over from the stream's newest events, replacing the epoch {@code stale} if it still holds. */
    private void snapshot(String stale) {
        Snapshot s = store.read(topic, stale, null, retained);
        epoch = s.epoch();
        reset(s.entries().isEmpty() ? s.seq() : s.entries().get(0).offset() - 1);
        for (Entry entry : s.entries()) {
            if (entry.offset() != head + 1) {
                reset(entry.offset() - 1);
            }
            deliver(entry);
        }
        if (s.seq() > head) {
            reset(s.seq());
        }
    }

    // The stream id of the event at the new head is unknown: until the next delivery, catching up reads the
    // stream from its start, and an older notice cannot be told from a reused offset.
    private void reset(long offset) {
        head = offset;
        lastId = null;
        listener.onReset(epoch, offset);
    }

    private void deliver(Entry entry) {
        head = entry.offset();
        lastId = entry.id();
        listener.onEvent(entry.stored(topic, epoch));
    }
}
