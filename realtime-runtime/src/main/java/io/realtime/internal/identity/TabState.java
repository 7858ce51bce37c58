package io.realtime.internal.identity;

import io.realtime.internal.limits.ClientQuota;
import io.realtime.internal.limits.EvictionClock;
import java.util.Map;

/**
 * What the runtime keeps of one browser tab: its attributes, and how many connections and requests use it now,
 * so that it expires only once nothing has used it for the idle time. It also remembers what the registry's
 * eviction asks of it: whether it has earned its place (it was used more than once), whether it was used since
 * eviction last looked at it, and the place it takes under its client's quota. Guarded by its own monitor; the
 * registry changes the counts only inside its map's atomic operations on the tab's key.
 */
final class TabState implements EvictionClock.Entry {

    private final String id;
    private final Attributes attributes;
    private final ClientQuota.Slot slot;
    private final EvictionClock.Standing standing = new EvictionClock.Standing();
    private String sessionId; // null for a tab without a cookie session
    private int holds;
    private boolean gone;
    private long lastUsedMillis;
    private volatile boolean stale; // shared attributes this node must read from the store before they are used

    /** @param shared where the tab's attributes are kept for every node, or {@code null} */
    TabState(String id, String sessionId, int maxAttributes, long nowMillis, ClientQuota.Slot slot, SharedTab shared) {
        this.id = id;
        this.sessionId = sessionId;
        this.attributes = new Attributes(maxAttributes, shared);
        this.stale = shared != null;
        this.lastUsedMillis = nowMillis;
        this.slot = slot;
        standing.used();
    }

    String id() {
        return id;
    }

    Map<String, Object> attributes() {
        return attributes;
    }

    /** @return where the tab's attributes are kept for every node, or {@code null} */
    SharedTab shared() {
        return attributes.shared();
    }

    /** Another node changed the tab's shared attributes: this node reads them again before they are used. */
    void stale() {
        stale = true;
    }

    /**
     * Reads the tab's shared attributes from the store, if this node has not since the tab arrived or since another
     * node changed them.
     *
     * @throws io.realtime.spi.BackplaneException if the store could not be reached: the tab keeps what this node has,
     *     and reads them at its next connection or request
     */
    void refresh() {
        if (!stale) {
            return;
        }
        stale = false;
        try {
            attributes.reload();
        } catch (RuntimeException e) {
            stale = true;
            throw e;
        }
    }

    synchronized String sessionId() {
        return sessionId;
    }

    synchronized void sessionId(String value) {
        sessionId = value;
    }

    /** A connection or request of the tab came back: it has earned its place. */
    void use(long nowMillis) {
        standing.used();
        touch(nowMillis);
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

    /** @return whether a connection or request uses the tab now */
    @Override
    public synchronized boolean inUse() {
        return holds > 0;
    }

    @Override
    public EvictionClock.Standing standing() {
        return standing;
    }

    /** The registry forgot the tab: its client's quota gets its place back. Called once, from the map's entry. */
    synchronized void forget() {
        gone = true;
        slot.release();
    }

    /** @return whether the registry has forgotten the tab */
    @Override
    public synchronized boolean gone() {
        return gone;
    }
}
