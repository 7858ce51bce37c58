package io.realtime.internal.limits;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How much of one kind of state (polls, subscriptions, tabs, topics) each client may hold at once: so much per cookie
 * session and so much per client address (docs/security.md, "Limits"). A client past either is refused alone; the
 * others keep their own share. The counters exist only while something is held, so the table is bounded by what is
 * held, and each key has its own counter, so clients do not contend.
 *
 * <p>Threading: any thread; nothing blocks.
 */
public final class ClientQuota {

    private final ConcurrentMap<String, Integer> counts = new ConcurrentHashMap<>();
    private final int perSession;
    private final int perAddress;

    /**
     * @param perSession how much one cookie session may hold
     * @param perAddress how much one client address (its {@link ClientAddresses#key}) may hold
     */
    public ClientQuota(int perSession, int perAddress) {
        this.perSession = perSession;
        this.perAddress = perAddress;
    }

    /** A place under the quota; {@link #release()} gives it back, once. */
    public final class Slot implements Runnable {
        private final String httpSession;
        private final String address;
        private final AtomicBoolean released = new AtomicBoolean();

        private Slot(String httpSession, String address) {
            this.httpSession = httpSession;
            this.address = address;
        }

        /** Gives the place back; idempotent. */
        public void release() {
            if (released.compareAndSet(false, true)) {
                if (address != null) {
                    decrement(address);
                }
                if (httpSession != null) {
                    decrement(httpSession);
                }
            }
        }

        @Override
        public void run() {
            release();
        }
    }

    /**
     * Takes a place for one more.
     *
     * @param sessionId the cookie session's id, or {@code null} without one
     * @param address the client's address key, or {@code null} when unknown
     * @return the slot, or {@code null} when the session or the address holds its share
     */
    public Slot acquire(String sessionId, String address) {
        String addressKey = address == null ? null : "a:" + address;
        if (addressKey != null && !increment(addressKey, perAddress)) {
            return null;
        }
        String sessionKey = sessionId == null ? null : "s:" + sessionId;
        if (sessionKey != null && !increment(sessionKey, perSession)) {
            if (addressKey != null) {
                decrement(addressKey);
            }
            return null;
        }
        return new Slot(sessionKey, addressKey);
    }

    /** @return the number of keys tracked; for tests that check nothing is left behind */
    public int tracked() {
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
