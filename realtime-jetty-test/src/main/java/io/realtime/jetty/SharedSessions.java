package io.realtime.jetty;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.eclipse.jetty.session.AbstractSessionDataStore;
import org.eclipse.jetty.session.SessionData;

/**
 * A cookie-session store shared by several servers of one test, as a cluster's session store is shared by its
 * nodes ({@link RealtimeServer.Builder#sessionStore}): a session made on one server is found on the others, and one
 * invalidated on one is gone from all, though only the server that invalidated it tells its listeners. It lives
 * in memory; every server reads and writes a copy of each session, as over a network.
 *
 * <p>Thread-safe.
 */
public final class SharedSessions {

    private final ConcurrentHashMap<String, SessionData> byId = new ConcurrentHashMap<>();

    private SharedSessions() {}

    /**
     * An empty store.
     *
     * @return the store, for every server that shares it
     */
    public static SharedSessions create() {
        return new SharedSessions();
    }

    /** One server's view of the store: Jetty's data store of its session handler. */
    Store store() {
        return new Store();
    }

    final class Store extends AbstractSessionDataStore {

        @Override
        public boolean isPassivating() {
            return false;
        }

        @Override
        public boolean doExists(String id) {
            SessionData data = byId.get(id);
            return data != null && !data.isExpiredAt(System.currentTimeMillis());
        }

        @Override
        public void doStore(String id, SessionData data, long lastSaveTime) {
            byId.put(id, copy(data));
        }

        @Override
        public SessionData doLoad(String id) {
            SessionData data = byId.get(id);
            return data == null ? null : copy(data);
        }

        @Override
        public boolean delete(String id) {
            return byId.remove(id) != null;
        }

        @Override
        public Set<String> doCheckExpired(Set<String> candidates, long time) {
            return candidates.stream()
                    .filter(id -> {
                        SessionData data = byId.get(id);
                        return data == null || data.isExpiredAt(time);
                    })
                    .collect(Collectors.toSet());
        }

        @Override
        public Set<String> doGetExpired(long time) {
            return byId.values().stream()
                    .filter(data -> data.isExpiredAt(time))
                    .map(SessionData::getId)
                    .collect(Collectors.toSet());
        }

        @Override
        public void doCleanOrphans(long time) {
            byId.values().removeIf(data -> data.isExpiredAt(time));
        }

        private static SessionData copy(SessionData data) {
            SessionData copy = new SessionData(data.getId(), data.getContextPath(), data.getVhost(), 0, 0, 0, 0);
            copy.copy(data);
            return copy;
        }
    }
}
