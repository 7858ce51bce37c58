package io.realtime.internal.outbound;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bounded queue of one connection: its events for that connection alone and its replies, in order (design §5:
 * a slow consumer never grows memory). A per-client source that fills it waits for room: it is told once the writer
 * has taken the queue down to half its capacity, so it pulls at the client's pace.
 *
 * <p>Threading: any number of producers; one consumer, the connection's writer.
 */
final class OutboundQueue {

    private final Queue<Outgoing> items = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final int capacity;
    private volatile Runnable roomListener;

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
        if (item != null && size.decrementAndGet() <= capacity / 2 && roomListener != null) {
            takeRoomListener();
        }
        return item;
    }

    boolean isEmpty() {
        return items.isEmpty();
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
        roomListener = listener;
        if (room() >= capacity / 2) {
            takeRoomListener();
        }
    }

    /** Drops every item: the connection has closed. */
    void clear() {
        items.clear();
        size.set(0);
    }

    /** Runs the room listener now, if one waits, so that its source sees the connection has closed. */
    void releaseWaiting() {
        takeRoomListener();
    }

    private void takeRoomListener() {
        Runnable listener = roomListener;
        roomListener = null;
        if (listener != null) {
            listener.run();
        }
    }
}
