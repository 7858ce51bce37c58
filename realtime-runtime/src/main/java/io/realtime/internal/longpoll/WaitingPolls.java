package io.realtime.internal.longpoll;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The application's polls that are held open, for statistics and for shutdown: when the application stops,
 * every one is answered at once with {@code 204} and {@code Retry-After}, and any poll that would start waiting
 * afterwards is answered the same way (design §9, "Graceful drain").
 */
public final class WaitingPolls {

    private final Set<HeldPoll> held = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;

    /** @return how many polls are waiting now */
    public int size() {
        return held.size();
    }

    /** Answers every waiting poll with {@code 204} and {@code Retry-After}, now and from now on. Idempotent. */
    public void shutdown() {
        stopping = true;
        for (HeldPoll poll : held) {
            poll.answer(() -> Answer.GOING_AWAY);
        }
    }

    /** @return whether the application is stopping */
    boolean stopping() {
        return stopping;
    }

    /**
     * Adds a poll that is about to wait.
     *
     * @return whether it may wait; if not, it has been answered (the application is stopping)
     */
    boolean add(HeldPoll poll) {
        held.add(poll);
        // After the add: either shutdown() sees this poll, or this sees stopping; both answering is harmless.
        if (stopping) {
            poll.answer(() -> Answer.GOING_AWAY);
            return false;
        }
        return true;
    }

    void remove(HeldPoll poll) {
        held.remove(poll);
    }
}
