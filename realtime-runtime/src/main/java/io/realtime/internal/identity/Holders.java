package io.realtime.internal.identity;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The connections and requests in progress, by the tab and by the user they belong to, so that revoking a tab or a
 * user ends them at once, here and, told through the control channel, on every other node. Both are indexed by
 * their keyed fingerprints ({@link Tokens#fingerprint}), which is how other nodes name them; an entry lives as long
 * as its hold, so the index holds no more than the connections and requests in progress.
 *
 * <p>Thread-safe; nothing blocks beyond the map's per-key locks. The callbacks run on the caller's thread.
 */
final class Holders {

    private static final System.Logger LOG = System.getLogger(Holders.class.getName());

    private final ConcurrentHashMap<String, Set<Runnable>> byKey = new ConcurrentHashMap<>();
    private final Tokens tokens;

    Holders(Tokens tokens) {
        this.tokens = tokens;
    }

    /** @return the fingerprint of a tab id */
    String tab(String id) {
        return tokens.fingerprint("tab", id);
    }

    /** @return the fingerprint of a user's name */
    String user(String name) {
        return tokens.fingerprint("user", name);
    }

    /**
     * Indexes a hold by its tab and its user, each if given.
     *
     * @param tabId the tab's id, or {@code null} to index by the user alone
     * @param userName the user's name, or {@code null}
     * @param ended ends the connection or answers the request; must not block, may run more than once
     * @return removes the hold; idempotent
     */
    Runnable add(String tabId, String userName, Runnable ended) {
        List<String> keys = new ArrayList<>(2);
        if (tabId != null) {
            keys.add(tab(tabId));
        }
        if (userName != null) {
            keys.add(user(userName));
        }
        if (keys.isEmpty()) {
            return () -> {};
        }
        for (String key : keys) {
            byKey.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(ended);
        }
        return () -> keys.forEach(key -> byKey.computeIfPresent(key, (k, holds) -> {
            holds.remove(ended);
            return holds.isEmpty() ? null : holds;
        }));
    }

    /**
     * Ends every hold of a tab or user.
     *
     * @param key its fingerprint
     * @return how many were ended
     */
    int end(String key) {
        Set<Runnable> holds = byKey.remove(key);
        if (holds == null) {
            return 0;
        }
        for (Runnable ended : holds) {
            try {
                ended.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Closing a revoked connection failed", e);
            }
        }
        return holds.size();
    }

    /** @return how many tabs and users have holds, for tests that check nothing is left */
    int size() {
        return byKey.size();
    }
}
