package io.realtime.internal.identity;

import java.util.Map;

/**
 * What the runtime keeps of one browser tab: its attributes, and how many connections and requests use it now,
 * so that it expires only once nothing has used it for the idle time. Guarded by its own monitor; the registry
 * changes the counts only inside its map's atomic operations on the tab's key.
 */
final class TabState {

    private final String id;
    private final Attributes attributes;
    private String sessionId; // null for a tab without a cookie session
    private int holds;
    private long lastUsedMillis;

    TabState(String id, String sessionId, int maxAttributes, long nowMillis) {
        this.id = id;
        this.sessionId = sessionId;
        this.attributes = new Attributes(maxAttributes);
        this.lastUsedMillis = nowMillis;
    }

    String id() {
        return id;
    }

    Map<String, Object> attributes() {
        return attributes;
    }

    synchronized String sessionId() {
        return sessionId;
    }

    synchronized void sessionId(String value) {
        sessionId = value;
    }

    synchronized void touch(long nowMillis) {
        lastUsedMillis = Math.max(lastUsedMillis, nowMillis);
    }

    synchronized void hold(long nowMillis) {
        holds++;
        touch(nowMillis);
    }

    synchronized void release(long nowMillis) {
        holds--;
        touch(nowMillis);
    }

    /** @return whether nothing has used the tab for {@code idleMillis} */
    synchronized boolean idle(long nowMillis, long idleMillis) {
        return holds <= 0 && nowMillis - lastUsedMillis >= idleMillis;
    }
}
