package io.realtime.internal.topic;

/**
 * One reader of one topic from a cursor, the same for every transport: it yields the events after its cursor in
 * order, a {@code reset} when the client's cursor was unknown, when events it had not read have left the window,
 * or when the topic's history was lost (a new epoch), and nothing when it is at the head (docs/protocol.md,
 * "Cursors"). It never skips silently (invariant 2).
 *
 * <p>A reader is a subscription: publishing calls {@link #signal()} on the publisher's thread, which only runs the
 * {@code wake} its owner gave (a compare and a hand-off); the owner then reads on its own side. Until it is
 * {@link #position positioned} the reader reads nothing. Each reader has its own cursor, so one connection may hold
 * several, one per subscription.
 *
 * <p>A reader of a run is finite: without a cursor it starts at the run's first event rather than at the head, it
 * stops after the run's {@code end} event, and one positioned at or after that end reads the end again, so that a
 * client coming back after it learns at once that the run is over.
 *
 * <p>Threading: {@link #signal()} and {@link #close()} from any thread; everything else by one thread at a time,
 * the owner handing the reader from the thread that positions it to the one that reads with a happens-before
 * edge (a volatile write, an executor hand-off). Another thread may also call {@link #hasNext()} to decide whether
 * to wake the reading side: it only reads, and a stale answer costs a needless wake-up or a wait for the next one.
 */
public final class TopicReader {

    /**
     * Receives what a reader reads. Returning {@code false} declines the item: the reader stays before it, so an
     * answer that is full, or that cannot carry a reset after events, leaves it for the next read.
     *
     * @param <X> what writing may throw
     */
    public interface Target<X extends Exception> {
        /** @return whether the event was taken */
        boolean event(LogEvent event) throws X;

        /**
         * The client must forget what it has and continue from {@code cursor}.
         *
         * @return whether the reset was taken
         */
        boolean reset(String cursor) throws X;
    }

    private final TopicLog log;
    private final Runnable wake;
    private final boolean finite;
    private String epoch;
    private long offset;
    private boolean resetPending;
    private boolean resumed;
    private boolean finished;
    private Runnable whenFinished = () -> {};

    TopicReader(TopicLog log, Runnable wake) {
        this.log = log;
        this.wake = wake;
        this.finite = log.isRun();
    }

    /** @return the topic's name */
    public String topic() {
        return log.name();
    }

    /** @return the log it reads */
    TopicLog log() {
        return log;
    }

    /**
     * Positions the reader where a client resuming from {@code cursor} starts: right after it when every later
     * event is retained, otherwise at the head after a {@code reset}; at the head without one when the cursor is
     * absent. May block briefly while the backplane catches up with a cursor another node issued.
     *
     * @param cursor the client's cursor, or {@code null} for "from now"
     * @throws io.realtime.spi.BackplaneException if the backplane could not catch up with the cursor; the reader
     *     is unchanged, and the transport answers {@code 503 backplane_unavailable} so that the client comes back
     *     with the same cursor
     */
    public void position(String cursor) {
        String from = cursor == null && finite ? log.window().epoch() + ":0" : cursor; // a run plays from its start
        TopicLog.Start start = log.resolve(from, System.currentTimeMillis());
        epoch = start.epoch();
        offset = start.offset();
        resetPending = start.reset();
        resumed = cursor != null;
        finished = false;
        rewindToEnd();
    }

    /** @return whether the client came with a cursor to resume from, known or not */
    public boolean resumed() {
        return resumed;
    }

    /** @return whether the first read will be a reset, which tells the client its position by itself */
    public boolean startsWithReset() {
        return resetPending;
    }

    /** @return where the reader is: {@code <epoch>:<offset>} of the last event read, or of its start */
    public String cursor() {
        return epoch + ':' + offset;
    }

    /** @return whether a read now would yield something: an event, or a reset */
    public boolean hasNext() {
        if (finished) {
            return false;
        }
        if (resetPending) {
            return true;
        }
        Window window = log.window();
        return !window.epoch().equals(epoch) || window.next(offset) != null;
    }

    /**
     * Reads the next item into {@code target}, and moves past it if the target takes it.
     *
     * @return whether the target took something; {@code false} when there was nothing or it declined
     */
    public <X extends Exception> boolean read(Target<X> target) throws X {
        if (finished) {
            return false;
        }
        if (resetPending) {
            // The client's cursor was unknown when it came: continue from the head as it was then.
            if (!target.reset(cursor())) {
                return false;
            }
            resetPending = false;
            return true;
        }
        Window window = log.window();
        if (!window.epoch().equals(epoch)) {
            // The backplane lost history: everything of the new epoch that is still here follows the reset.
            long from = window.isRetained(window.start()) ? window.start() : window.head();
            if (!target.reset(window.epoch() + ':' + from)) {
                return false;
            }
            epoch = window.epoch();
            offset = from;
            return true;
        }
        LogEvent event = window.next(offset);
        if (event == null) {
            return false;
        }
        if (event == Window.GAP) {
            // Fell out of the window: say so rather than skip silently (invariant 2).
            long head = window.head();
            if (!target.reset(epoch + ':' + head)) {
                return false;
            }
            offset = head;
            rewindToEnd();
            return true;
        }
        if (!target.event(event)) {
            return false;
        }
        offset = event.offset();
        finished = finite && offset == log.end();
        if (finished) {
            whenFinished.run();
        }
        return true;
    }

    /**
     * Sets what runs, on the reading thread, right after this reader of a run has read its end: the connection
     * that reads it closes. Set before the reader is handed to the thread that reads it.
     *
     * @param callback must not block
     */
    public void whenFinished(Runnable callback) {
        whenFinished = callback;
    }

    /** @return whether this reader of a run has read its end: nothing follows, ever */
    public boolean finished() {
        return finished;
    }

    // A run's reader at or beyond its end reads the end again, when the window still holds it.
    private void rewindToEnd() {
        long end = log.end();
        if (finite && end > 0 && offset >= end && log.window().epoch().equals(epoch)) {
            LogEvent last = log.window().next(end - 1);
            if (last != null && last != Window.GAP) {
                offset = end - 1;
            }
        }
    }

    /** Called by the topic after every append, on the publisher's thread: wakes the owner, nothing more. */
    void signal() {
        wake.run();
    }

    /** Stops following the topic: no more signals. Idempotent. */
    public void close() {
        log.unsubscribe(this);
    }
}
