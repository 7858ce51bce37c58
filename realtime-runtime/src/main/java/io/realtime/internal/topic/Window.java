package io.realtime.internal.topic;

/**
 * The recent events of one epoch of a topic, in a ring that grows on demand up to the retention limit.
 * One thread appends (the backplane's listener contract); any number read without locking: the appender
 * writes the slot, then publishes it through the volatile {@code head}, and a reader that checks each slot's
 * offset can tell an overwritten slot from the one it wants.
 */
final class Window {

    /** Returned by {@link #next(long)} when the wanted event has left the window: the reader has a gap. */
    static final LogEvent GAP = new LogEvent(new io.realtime.spi.StoredEvent("", "gap", 1, "", new byte[0], 0));

    private static final int INITIAL_CAPACITY = 8;

    private final String epoch;
    private final long start;
    private final int maxEvents;
    private final int maxCapacity;
    private volatile LogEvent[] ring;
    private volatile long head;

    Window(String epoch, long head, int maxEvents) {
        this.epoch = epoch;
        this.start = head;
        this.head = head;
        this.maxEvents = maxEvents;
        this.maxCapacity = Integer.highestOneBit(Math.max(1, maxEvents - 1)) << 1;
        this.ring = new LogEvent[Math.min(INITIAL_CAPACITY, maxCapacity)];
    }

    /** @return the epoch of every event in this window */
    String epoch() {
        return epoch;
    }

    /** @return the offset just before the first event of this window's epoch that this node saw */
    long start() {
        return start;
    }

    /** @return the offset of the newest event, or of the point the window started from when empty */
    long head() {
        return head;
    }

    /**
     * The event after {@code after}.
     *
     * @param after an offset not beyond {@link #head()}
     * @return the event; {@code null} when {@code after} is the head (nothing new yet); {@link #GAP} when the
     *     event has left the window
     */
    LogEvent next(long after) {
        long h = head;
        if (after >= h) {
            return null;
        }
        long wanted = after + 1;
        if (wanted <= h - maxEvents) {
            return GAP;
        }
        LogEvent[] r = ring;
        LogEvent event = r[(int) (wanted & (r.length - 1))];
        return event != null && event.offset() == wanted ? event : GAP;
    }

    /**
     * Whether the events after {@code after} are all still here (trivially so when it is the head).
     *
     * @param after an offset not beyond {@link #head()}
     * @return whether a reader at {@code after} can continue without a gap
     */
    boolean isRetained(long after) {
        return next(after) != GAP;
    }

    void append(LogEvent event) {
        long offset = event.offset();
        LogEvent[] r = ring;
        long retained = Math.min(offset - 1 - start, maxEvents - 1); // events kept besides the new one
        if (retained >= r.length && r.length < maxCapacity) {
            r = grow(r, offset);
        }
        r[(int) (offset & (r.length - 1))] = event;
        head = offset;
    }

    private LogEvent[] grow(LogEvent[] old, long offset) {
        LogEvent[] bigger = new LogEvent[Math.min(old.length << 1, maxCapacity)];
        for (long o = Math.max(1, offset - old.length); o < offset; o++) {
            LogEvent e = old[(int) (o & (old.length - 1))];
            if (e != null && e.offset() == o) {
                bigger[(int) (o & (bigger.length - 1))] = e;
            }
        }
        ring = bigger;
        return bigger;
    }

    /** @return the timestamp of the newest event, or 0 when there is none */
    long newestTimestamp() {
        LogEvent[] r = ring;
        LogEvent e = r[(int) (head & (r.length - 1))];
        return e != null && e.offset() == head ? e.timestamp() : 0;
    }
}
