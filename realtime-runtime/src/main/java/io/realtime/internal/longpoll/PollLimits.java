package io.realtime.internal.longpoll;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Bounds how many polls (and poll connections) one HTTP session and one client address have in progress (design
 * §6, "Limits"). The counters exist only while something is in progress, so the table is bounded by the polls
 * themselves.
 */
final class PollLimits {

    private final ConcurrentMap<String, Integer> counts = new ConcurrentHashMap<>();
    private final int perSession;
    private final int perAddress;

    PollLimits(int perSession, int perAddress) {
        this.perSession = perSession;
        this.perAddress = perAddress;
    }

    /** A place under the limits; {@link #release()} gives it back, once. */
    final class Slot {
        private final String httpSession;
        private final String address;
        private final AtomicBoolean released = new AtomicBoolean();

        private Slot(String httpSession, String address) {
            this.httpSession = httpSession;
            this.address = address;
        }

        void release() {
            if (released.compareAndSet(false, true)) {
                decrement(address);
                if (httpSession != null) {
                    decrement(httpSession);
                }
            }
        }
    }

    /**
     * Takes a place for one more poll.
     *
     * @param sessionId the HTTP session's id, or {@code null} without one
     * @param address the client's address
     * @return the slot, or {@code null} when a limit is reached
     */
    Slot acquire(String sessionId, String address) {
        String addressKey = "a:" + address;
        if (!increment(addressKey, perAddress)) {
            return null;
        }
        String sessionKey = sessionId == null ? null : "s:" + sessionId;
        if (sessionKey != null && !increment(sessionKey, perSession)) {
            decrement(addressKey);
            return null;
        }
        return new Slot(sessionKey, addressKey);
    }

    /** @return the number of keys tracked; for tests that check nothing is left behind */
    int tracked() {
        return counts.size();
    }

    private boolean increment(String key, int limit) {
        boolean[] taken = {false};
        counts.compute(key, (k, n) -> {
            int now = n == null ? 0 : n;
            if (now >= limit) {
                return n;
            }
            taken[0] = true;
            return now + 1;
        });
        return taken[0];
    }

    private void decrement(String key) {
        counts.computeIfPresent(key, (k, n) -> n <= 1 ? null : n - 1);
    }
}
