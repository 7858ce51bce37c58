package io.realtime.internal.identity;

import io.realtime.internal.limits.ClientAddresses;
import io.realtime.internal.limits.ClientQuota;
import io.realtime.internal.limits.EvictionClock;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The tabs the runtime keeps state for, by tab id (design §6; docs/security.md, "Limits"). Two bounds, neither of
 * which lets one client lock the others out:
 *
 * <ul>
 *   <li>each client has a quota, per cookie session and per address: a client past it is refused alone, until one
 *       of its own tabs goes;
 *   <li>the registry as a whole holds {@code max} tabs: a new tab beyond it makes room by forgetting the least
 *       recently used tab that has no connection, a tab used only once before any other. Only when every tab is
 *       in use is a new one refused.
 * </ul>
 *
 * <p>Eviction is the {@link EvictionClock}'s. A forgotten tab that comes back starts with empty
 * attributes, as after its idle timeout. A tab also expires once nothing has used it for the idle time, and with its
 * cookie session when that ends; an index by session finds a session's tabs without visiting every tab.
 *
 * <p>Thread-safe; nothing blocks beyond the map's per-key locks.
 */
final class Tabs {

    private final ConcurrentHashMap<String, TabState> byId = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Set<String>> bySession = new ConcurrentHashMap<>();
    private final EvictionClock<TabState> clock = new EvictionClock<>();
    private final AtomicInteger size = new AtomicInteger();
    private final ClientQuota quota;
    private final int max;
    private final int maxAttributes;
    private final long idleMillis;

    /**
     * @param max the most tabs kept at once
     * @param perSession the most tabs one cookie session has at once
     * @param perAddress the most tabs one client address has at once
     */
    Tabs(int max, int perSession, int perAddress, int maxAttributes, long idleMillis) {
        this.max = max;
        this.quota = new ClientQuota(perSession, perAddress);
        this.maxAttributes = maxAttributes;
        this.idleMillis = idleMillis;
    }

    /** A registry without per-client quotas. */
    Tabs(int max, int maxAttributes, long idleMillis) {
        this(max, Integer.MAX_VALUE, Integer.MAX_VALUE, maxAttributes, idleMillis);
    }

    /**
     * What {@link #obtain} found or made.
     *
     * @param state the tab's state, or {@code null} when a new tab was refused
     * @param clientFull when refused, whether because the client holds its share ({@code 429}) rather than because
     *     every tab is in use ({@code 503})
     */
    record Obtained(TabState state, boolean clientFull) {}

    /**
     * The state of a tab, created when it has none, and marked as used now.
     *
     * @param sessionId the cookie session the tab's token is bound to, or {@code null}
     * @param address the client's address, or {@code null} when unknown (then only the session's quota counts)
     */
    Obtained obtain(String id, String sessionId, String address, long nowMillis) {
        if (!byId.containsKey(id) && size.get() >= max) {
            evictOne();
        }
        Obtained obtained = admit(id, sessionId, address, nowMillis);
        // Newcomers that arrive together can take the room each other made: a refusal stands only once no tab is
        // left to forget (every tab is connected), else a flood from many clients would be refused 503 (issue 16).
        while (obtained.state() == null && !obtained.clientFull() && evictOne()) {
            obtained = admit(id, sessionId, address, nowMillis);
        }
        return obtained;
    }

    private Obtained admit(String id, String sessionId, String address, long nowMillis) {
        boolean[] clientFull = {false};
        TabState state = byId.compute(id, (key, tab) -> {
            if (tab != null) {
                tab.use(nowMillis);
                return tab;
            }
            ClientQuota.Slot slot = quota.acquire(sessionId, address == null ? null : ClientAddresses.key(address));
            if (slot == null) {
                clientFull[0] = true;
                return null;
            }
            if (size.incrementAndGet() > max) {
                size.decrementAndGet();
                slot.release();
                return null;
            }
            if (sessionId != null) {
                bySession
                        .computeIfAbsent(sessionId, s -> ConcurrentHashMap.newKeySet())
                        .add(id);
            }
            TabState made = new TabState(id, sessionId, maxAttributes, nowMillis, slot);
            clock.add(made);
            return made;
        });
        return new Obtained(state, clientFull[0]);
    }

    /** Marks a tab as used now, if it has state; negotiation does, so that a reload keeps the state. */
    void touch(String id, long nowMillis) {
        TabState tab = byId.get(id);
        if (tab != null) {
            tab.touch(nowMillis);
        }
    }

    /** Forgets the tabs nothing has used for the idle time. Called periodically by the runtime's scheduler. */
    public void sweep(long nowMillis) {
        for (String id : byId.keySet()) {
            byId.computeIfPresent(id, (key, tab) -> tab.idle(nowMillis, idleMillis) ? removed(tab) : tab);
        }
        clock.purge();
    }

    /**
     * Forgets the tabs of a cookie session that has ended; their connections are being closed.
     *
     * @return how many were forgotten
     */
    int endSession(String sessionId) {
        Set<String> ids = bySession.remove(sessionId);
        if (ids == null) {
            return 0;
        }
        int[] forgotten = {0};
        for (String id : ids) {
            byId.computeIfPresent(id, (key, tab) -> {
                if (!sessionId.equals(tab.sessionId())) {
                    return tab;
                }
                forgotten[0]++;
                return removed(tab);
            });
        }
        return forgotten[0];
    }

    /** The container changed a session's id (a login, {@code changeSessionId}): its tabs follow it. */
    void sessionIdChanged(String oldId, String newId) {
        Set<String> ids = bySession.remove(oldId);
        if (ids == null) {
            return;
        }
        for (String id : ids) {
            byId.computeIfPresent(id, (key, tab) -> {
                tab.sessionId(newId);
                bySession
                        .computeIfAbsent(newId, s -> ConcurrentHashMap.newKeySet())
                        .add(id);
                return tab;
            });
        }
    }

    /** @return how many tabs have state */
    public int size() {
        return size.get();
    }

    /** @return how many cookie sessions have tabs, for tests that check nothing is left */
    int sessions() {
        return bySession.size();
    }

    /**
     * Forgets one tab without a connection to make room for a new one ({@link EvictionClock}).
     *
     * @return whether one was forgotten
     */
    private boolean evictOne() {
        return clock.evictOne(size.get(), tab -> {
            boolean[] evicted = {false};
            byId.computeIfPresent(tab.id(), (key, current) -> {
                if (current != tab || current.inUse()) {
                    return current;
                }
                evicted[0] = true;
                return removed(current);
            });
            return evicted[0];
        });
    }

    /** Unindexes a tab being removed from its map entry; returns {@code null}, the entry's new value. */
    private TabState removed(TabState tab) {
        size.decrementAndGet();
        tab.forget();
        String sessionId = tab.sessionId();
        if (sessionId != null) {
            bySession.computeIfPresent(sessionId, (key, ids) -> {
                ids.remove(tab.id());
                return ids.isEmpty() ? null : ids;
            });
        }
        return null;
    }
}
