package io.realtime.bench.server.strong;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayDeque;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One topic: its ring, the streams and WebSockets that follow it, and the polls waiting at its head. A publish
 * appends one frame and signals every follower, which writes on its own writer; every poll waiting at the head
 * gets the frame's one shared answer, written on a container thread after {@link AsyncContext#dispatch()}.
 */
final class Channel {

    /** Something that writes the ring's new frames to one connection when signalled. */
    interface Follower {
        /** New frames (or a heartbeat) are there: schedule a write unless one is scheduled or running. */
        void signal();
    }

    /**
     * A poll waiting at the head since {@code since} (nanoTime). A client that leaves while its poll waits is
     * reported by the container, which then completes the request and may reuse its objects (Tomcat does): such a
     * poll is marked gone and never answered, since answering it could answer another client's request; the
     * answer and the container's callbacks take the hold's lock, so that neither overtakes the other.
     */
    private static final class Hold implements AsyncListener {
        final AsyncContext async;
        final long since;
        private boolean gone; // guarded by this

        Hold(AsyncContext async, long since) {
            this.async = async;
            this.since = since;
        }

        synchronized void answer(byte[] answer) {
            if (!gone) {
                gone = true;
                StrongPolls.answer(async, answer);
            }
        }

        @Override
        public synchronized void onComplete(AsyncEvent event) {
            gone = true;
        }

        synchronized boolean waiting() {
            return !gone;
        }

        @Override
        public void onTimeout(AsyncEvent event) {}

        @Override
        public synchronized void onError(AsyncEvent event) {
            gone = true;
        }

        @Override
        public void onStartAsync(AsyncEvent event) {}
    }

    final Ring ring = new Ring();
    final Set<Follower> followers = ConcurrentHashMap.newKeySet();
    private ArrayDeque<Hold> held = new ArrayDeque<>(); // guarded by this; in arrival order

    /** Publishes on the publisher's thread: append, signal, and dispatch the waiting polls. */
    void publish(String json) {
        Frame frame = ring.append(json);
        for (Follower follower : followers) {
            follower.signal();
        }
        ArrayDeque<Hold> ready;
        synchronized (this) {
            if (held.isEmpty()) {
                return;
            }
            ready = held;
            held = new ArrayDeque<>();
        }
        for (Hold hold : ready) {
            hold.answer(frame.answer());
        }
    }

    /**
     * Holds a poll whose cursor is the head; false if the head moved meanwhile (the caller answers at once).
     * Holding under the lock that {@link #publish} takes to collect the waiting polls means that no publish can
     * fall between the check and the hold.
     */
    synchronized boolean hold(HttpServletRequest request, long cursor) {
        if (ring.head() != cursor) {
            return false;
        }
        AsyncContext async = request.startAsync();
        async.setTimeout(0); // the coarse timer ends holds, not a container timer per request
        Hold hold = new Hold(async, System.nanoTime());
        async.addListener(hold);
        held.add(hold);
        return true;
    }

    /** Answers {@code 204} to the polls held longer than {@code holdNanos}: the oldest are first in line. */
    void expire(long now, long holdNanos) {
        ArrayDeque<Hold> expired = new ArrayDeque<>();
        synchronized (this) {
            while (!held.isEmpty() && now - held.peekFirst().since >= holdNanos) {
                expired.add(held.pollFirst());
            }
        }
        for (Hold hold : expired) {
            hold.answer(StrongPolls.NOTHING);
        }
    }

    /** Polls waiting, those whose client left excepted. */
    synchronized int waiting() {
        int count = 0;
        for (Hold hold : held) {
            count += hold.waiting() ? 1 : 0;
        }
        return count;
    }
}
