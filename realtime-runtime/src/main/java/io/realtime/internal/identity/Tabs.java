package io.realtime.internal.identity;

import io.realtime.internal.limits.ClientAddresses;
import io.realtime.internal.limits.ClientQuota;
import io.realtime.internal.limits.EvictionClock;
import io.realtime.spi.BackplaneException;
import io.realtime.spi.TabStore;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

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
 * <p>With a {@link Sharing shared store}, each tab's attributes are kept there for every node as well: a tab reads
 * them when it arrives on this node and when another node changes them; its expiry there is pushed back while it is
 * connected here; its cookie session's end deletes them. Eviction and the idle time forget a tab on this node only.
 *
 * <p>Thread-safe; nothing blocks beyond the map's per-key locks, except {@link #changedElsewhere}, which reads the
 * store.
 */
final class Tabs {

    private static final System.Logger LOG = System.getLogger(Tabs.class.getName());

    /**
     * Where tab attributes are kept for every node.
     *
     * @param store the backplane's tab store
     * @param fingerprint names a tab (by its id) in the store and to other nodes
     * @param background runs the store's upkeep (expiries, deletions) off the caller's thread; bounded
     */
    record Sharing(TabStore store, Function<String, String> fingerprint, Executor background) {}

    private final ConcurrentHashMap<String, TabState> byId = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Set<String>> bySession = new ConcurrentHashMap<>();
    private final EvictionClock<TabState> clock = new EvictionClock<>();
    private final AtomicInteger size = new AtomicInteger();
    private final ClientQuota quota;
    private final int max;
    private final int maxAttributes;
    private final long idleMillis;
    private final Sharing sharing; // null: attributes stay on this node
    private final ConcurrentHashMap<String, String> byFingerprint = new ConcurrentHashMap<>(); // with sharing only
    private volatile Consumer<String> changed = fingerprint -> {};

    /**
     * @param max the most tabs kept at once
     * @param perSession the most tabs one cookie session has at once
     * @param perAddress the most tabs one client address has at once
     * @param sharing where attributes are kept for every node, or {@code null} for this node alone
     */
    Tabs(int max, int perSession, int perAddress, int maxAttributes, long idleMillis, Sharing sharing) {
        this.max = max;
        this.quota = new ClientQuota(perSession, perAddress);
        this.maxAttributes = maxAttributes;
        this.idleMillis = idleMillis;
        this.sharing = sharing;
    }

    /** A registry whose attributes stay on this node. */
    Tabs(int max, int perSession, int perAddress, int maxAttributes, long idleMillis) {
        this(max, perSession, perAddress, maxAttributes, idleMillis, null);
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
            SharedTab shared = null;
            if (sharing != null) {
                String fingerprint = sharing.fingerprint().apply(id);
                shared = new SharedTab(sharing.store(), fingerprint, idleMillis, this::changed);
                byFingerprint.put(fingerprint, id);
            }
            TabState made = new TabState(id, sessionId, maxAttributes, nowMillis, slot, shared);
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
        List<SharedTab> due = new ArrayList<>();
        for (String id : byId.keySet()) {
            TabState kept =
                    byId.computeIfPresent(id, (key, tab) -> tab.idle(nowMillis, idleMillis) ? removed(tab) : tab);
            SharedTab shared = kept == null ? null : kept.shared();
            // A tab connected here for longer than the store keeps it must not lose its attributes there.
            if (shared != null && kept.inUse() && !kept.attributes().isEmpty() && shared.due(nowMillis)) {
                due.add(shared);
            }
        }
        clock.purge();
        if (!due.isEmpty()) {
            background(() -> due.forEach(SharedTab::touch), "push back the expiry of tab attributes");
        }
    }

    /**
     * Sets who hears that a tab's shared attributes changed on this node; the listener must not block.
     *
     * @param listener receives the tab's fingerprint
     */
    void onChanged(Consumer<String> listener) {
        changed = listener;
    }

    private void changed(String fingerprint) {
        changed.accept(fingerprint);
    }

    /**
     * Another node changed a tab's attributes: this node reads them again, at once when a connection or request of
     * the tab is in progress here, else when one arrives. Blocks while the store answers.
     *
     * @param fingerprint the tab's fingerprint
     */
    void changedElsewhere(String fingerprint) {
        String id = byFingerprint.get(fingerprint);
        TabState tab = id == null ? null : byId.get(id);
        if (tab == null) {
            return;
        }
        tab.stale();
        if (tab.inUse()) {
            try {
                tab.refresh();
            } catch (BackplaneException e) {
                LOG.log(Level.DEBUG, "Could not read a tab's attributes changed on another node", e);
            }
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
        List<SharedTab> shared = new ArrayList<>();
        for (String id : ids) {
            byId.computeIfPresent(id, (key, tab) -> {
                if (!sessionId.equals(tab.sessionId())) {
                    return tab;
                }
                forgotten[0]++;
                if (tab.shared() != null) {
                    shared.add(tab.shared());
                }
                return removed(tab);
            });
        }
        if (!shared.isEmpty()) {
            background(() -> shared.forEach(SharedTab::delete), "delete the attributes of an ended session's tabs");
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
        if (tab.shared() != null) {
            byFingerprint.remove(tab.shared().fingerprint(), tab.id());
        }
        String sessionId = tab.sessionId();
        if (sessionId != null) {
            bySession.computeIfPresent(sessionId, (key, ids) -> {
                ids.remove(tab.id());
                return ids.isEmpty() ? null : ids;
            });
        }
        return null;
    }

    /** Runs the store's upkeep on the background thread; when its queue is full, the next sweep or end tries again. */
    private void background(Runnable task, String what) {
        try {
            sharing.background().execute(() -> {
                try {
                    task.run();
                } catch (BackplaneException e) {
                    LOG.log(Level.DEBUG, "Could not " + what + " in the backplane", e);
                }
            });
        } catch (RejectedExecutionException full) {
            LOG.log(Level.DEBUG, "Could not " + what + ": the backplane's queue is full");
        }
    }
}
