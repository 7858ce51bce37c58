package io.realtime.internal.identity;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The tabs the runtime keeps state for, by tab id (design §6). Bounded: beyond {@code max} tabs a new one is not
 * created and its client is refused until idle tabs expire, so that a flood of new tabs costs them, not the tabs
 * already known. A tab expires once no connection or request has used it for the idle time, and with its cookie
 * session when that ends; an index by session finds a session's tabs without visiting every tab. Thread-safe.
 */
final class Tabs {

    private final ConcurrentHashMap<String, TabState> byId = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Set<String>> bySession = new ConcurrentHashMap<>();
    private final AtomicInteger size = new AtomicInteger();
    private final int max;
    private final int maxAttributes;
    private final long idleMillis;

    Tabs(int max, int maxAttributes, long idleMillis) {
        this.max = max;
        this.maxAttributes = maxAttributes;
        this.idleMillis = idleMillis;
    }

    /**
     * The state of a tab, created when it has none, and marked as used now.
     *
     * @param sessionId the cookie session the tab's token is bound to, or {@code null}
     * @return the tab, or {@code null} when it is new and the registry is full
     */
    TabState obtain(String id, String sessionId, long nowMillis) {
        return byId.compute(id, (key, tab) -> {
            if (tab != null) {
                tab.touch(nowMillis);
                return tab;
            }
            if (size.incrementAndGet() > max) {
                size.decrementAndGet();
                return null;
            }
            if (sessionId != null) {
                bySession
                        .computeIfAbsent(sessionId, s -> ConcurrentHashMap.newKeySet())
                        .add(id);
            }
            return new TabState(id, sessionId, maxAttributes, nowMillis);
        });
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

    /** Unindexes a tab being removed from its map entry; returns {@code null}, the entry's new value. */
    private TabState removed(TabState tab) {
        size.decrementAndGet();
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
