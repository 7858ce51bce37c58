package io.realtime.internal.outbound;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bounded queue of one connection: its events for that connection alone and its replies, in order (design §5:
 * a slow consumer never grows memory). A per-client source that fills it waits for room: it is told once the writer
 * has taken the queue down to half its capacity, so it pulls at the client's pace. A shared connection's
 * subscriptions share its queue, so several sources may wait at once.
 *
 * <p>Threading: any number of producers; one consumer, the connection's writer.
 */
final class OutboundQueue {

    private final Queue<Outgoing> items = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final int capacity;
    private final List<Runnable> roomListeners = new ArrayList<>(); // guarded by itself
    private volatile boolean listening;

    OutboundQueue(int capacity) {
        this.capacity = capacity;
    }

    /**
     * Adds an item at the end.
     *
     * @return whether it was added; {@code false} when the queue is full
     */
    boolean add(Outgoing item) {
        if (size.incrementAndGet() > capacity) {
            size.decrementAndGet();
            return false;
        }
        items.add(item);
        return true;
    }

    /** @return the first item, removed, or {@code null} when empty; tells the room listener when half is free */
    Outgoing poll() {
        Outgoing item = items.poll();
        if (item != null && size.decrementAndGet() <= capacity / 2 && listening) {
            takeRoomListeners();
        }
        return item;
    }

    boolean isEmpty() {
        return items.isEmpty();
    }

    /** @return how many items it holds at most */
    int capacity() {
        return capacity;
    }

    /** @return how many items wait */
    int size() {
        return size.get();
    }

    /** @return how many more items it accepts now */
    int room() {
        return capacity - size.get();
    }

    /** Runs {@code listener} (once) after the queue has drained to half its capacity or less. */
    void whenRoom(Runnable listener) {
        synchronized (roomListeners) {
            roomListeners.add(listener);
            listening = true;
        }
        if (room() >= capacity / 2) {
            takeRoomListeners();
        }
    }

    /** Drops every item: the connection has closed. */
    void clear() {
        items.clear();
        size.set(0);
    }

    /** Runs the room listeners now, if any wait, so that their sources see the connection has closed. */
    void releaseWaiting() {
        takeRoomListeners();
    }

    private void takeRoomListeners() {
        List<Runnable> due;
        synchronized (roomListeners) {
            due = new ArrayList<>(roomListeners);
            roomListeners.clear();
            listening = false;
        }
        due.forEach(Runnable::run);
    }
}
