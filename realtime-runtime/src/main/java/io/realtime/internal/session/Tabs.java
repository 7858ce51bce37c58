package io.realtime.internal.session;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The tabs the runtime keeps state for, by tab id (design §6). Bounded: beyond {@code max} tabs a new one is not
 * created and its client is refused until idle tabs expire, so that a flood of new tabs costs them, not the tabs
 * already known. A tab expires once no connection or request has used it for the idle time, and with its cookie
 * session when that ends. Thread-safe.
 */
public final class Tabs {

    private final ConcurrentHashMap<String, Tab> byId = new ConcurrentHashMap<>();
    private final AtomicInteger size = new AtomicInteger();
    private final int max;
    private final int maxAttributes;
    private final long idleMillis;

    public Tabs(int max, int maxAttributes, long idleMillis) {
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
    Tab obtain(String id, String sessionId, long nowMillis) {
        return byId.compute(id, (key, tab) -> {
            if (tab != null) {
                tab.touch(nowMillis);
                return tab;
            }
            if (size.incrementAndGet() > max) {
                size.decrementAndGet();
                return null;
            }
            return new Tab(id, sessionId, maxAttributes, nowMillis);
        });
    }

    /** Marks a tab as used now, if it has state; negotiation does, so that a reload keeps the state. */
    void touch(String id, long nowMillis) {
        Tab tab = byId.get(id);
        if (tab != null) {
            tab.touch(nowMillis);
        }
    }

    /** Forgets the tabs nothing has used for the idle time. Called periodically by the runtime's scheduler. */
    public void sweep(long nowMillis) {
        for (String id : byId.keySet()) {
            byId.computeIfPresent(id, (key, tab) -> tab.idle(nowMillis, idleMillis) ? removed() : tab);
        }
    }

    /**
     * Forgets the tabs of a cookie session that has ended; their connections are being closed.
     *
     * @return how many were forgotten
     */
    int endSession(String sessionId) {
        int[] forgotten = {0};
        for (String id : byId.keySet()) {
            byId.computeIfPresent(id, (key, tab) -> {
                if (!sessionId.equals(tab.sessionId())) {
                    return tab;
                }
                forgotten[0]++;
                return removed();
            });
        }
        return forgotten[0];
    }

    /** The container changed a session's id (a login, {@code changeSessionId}): its tabs follow it. */
    void sessionIdChanged(String oldId, String newId) {
        for (Tab tab : byId.values()) {
            synchronized (tab) {
                if (oldId.equals(tab.sessionId())) {
                    tab.sessionId(newId);
                }
            }
        }
    }

    /** @return how many tabs have state */
    public int size() {
        return size.get();
    }

    private Tab removed() {
        size.decrementAndGet();
        return null;
    }
}
