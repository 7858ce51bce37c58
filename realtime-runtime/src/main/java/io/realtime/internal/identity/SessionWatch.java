package io.realtime.internal.identity;

import jakarta.servlet.ServletRequestEvent;
import jakarta.servlet.ServletRequestListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Couples cookie sessions to the connections that use them (design §6), in both directions, with nothing but the
 * Servlet API, so that it works the same on every container.
 *
 * <p><b>Invalidation ends connections.</b> Every connection or request in progress joins its session here; when
 * the container reports the session's end (logout, timeout), each member's callback closes it at once, and the
 * session's tabs are forgotten. The periodic pass also notices a session that ended unreported, so a member that
 * joined while its session was ending is closed within a pass.
 *
 * <p><b>Traffic keeps the session alive.</b> A container counts a session's idle time from its last request, and
 * a WebSocket or a stream makes none after it opened. While a session has members, each pass moves its expiry
 * forward with the one portable lever, {@code setMaxInactiveInterval}, set relative to {@code
 * getLastAccessedTime()}. When the last member leaves, the timeout is stretched once more to last the
 * application's timeout from then whichever way the container counts (Jetty from the change, Tomcat from the last
 * access), and left so; the session's next request, which refreshes its last access, restores the application's
 * own timeout. So a session lives at least its timeout after its last traffic, and at most that plus the time it
 * was kept alive.
 *
 * <p><b>Other nodes hear of it.</b> A session the container reports ended here is reported on ({@link
 * #onEndedHere}), for the other nodes, which end their connections of it ({@link #endElsewhere}); between nodes a
 * session is named by a keyed fingerprint of its id, never by the id.
 *
 * <p>Thread-safe. Session methods are called outside every lock of this class, since containers take their own.
 * Callbacks run on the thread that reports the end (the container's, or the runtime's scheduler) and must not
 * block.
 */
final class SessionWatch implements HttpSessionListener, HttpSessionIdListener, ServletRequestListener {

    private static final System.Logger LOG = System.getLogger(SessionWatch.class.getName());

    /** Passes run every second: a stretch lasts two more, so that a late pass never finds the session expired. */
    private static final int MARGIN_SECONDS = 2;

    private final ConcurrentHashMap<String, Watched> byId = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Watched> byFingerprint = new ConcurrentHashMap<>();
    private final Tabs tabs;
    private final UnaryOperator<String> fingerprint;
    private volatile Consumer<String> endedHere = id -> {};

    /** A watch whose sessions are known by their ids alone, for tests of one node. */
    SessionWatch(Tabs tabs) {
        this(tabs, UnaryOperator.identity());
    }

    /** @param fingerprint names a session to other nodes, the same way on every node */
    SessionWatch(Tabs tabs, UnaryOperator<String> fingerprint) {
        this.tabs = tabs;
        this.fingerprint = fingerprint;
    }

    /** One followed session: its members, and the application's own timeout while the runtime stretches it. */
    private static final class Watched {
        final String id;
        final String fingerprint;
        final HttpSession session;
        final int timeout; // the application's maxInactiveInterval, in seconds; <= 0 never expires
        final List<Member> members = new ArrayList<>(); // guarded by this
        volatile boolean stretched;

        Watched(String id, String fingerprint, HttpSession session, int timeout) {
            this.id = id;
            this.fingerprint = fingerprint;
            this.session = session;
            this.timeout = timeout;
        }

        synchronized boolean unused() {
            return members.isEmpty();
        }
    }

    /** A connection or request using a session; ended at most once, by the session's end or by leaving. */
    private static final class Member {
        final Runnable ended;
        final AtomicBoolean done = new AtomicBoolean();
        volatile Watched home; // changes when the container changes the session's id

        Member(Runnable ended) {
            this.ended = ended;
        }
    }

    /**
     * Joins a session while a connection or request uses it.
     *
     * @param session the cookie session, or {@code null} (then nothing happens)
     * @param ended closes the connection or answers the request when the session ends first; must not block
     * @return leaves the session; idempotent
     */
    public Runnable join(HttpSession session, Runnable ended) {
        if (session == null) {
            return () -> {};
        }
        String id;
        int timeout;
        try {
            id = session.getId();
            timeout = session.getMaxInactiveInterval();
        } catch (IllegalStateException invalidated) {
            ended.run();
            return () -> {};
        }
        Member member = new Member(ended);
        byId.compute(id, (key, watched) -> {
            Watched w = watched != null ? watched : watch(key, session, timeout);
            synchronized (w) {
                w.members.add(member);
                member.home = w;
            }
            return w;
        });
        if (!valid(session)) {
            end(id); // it ended while this member joined, and its end may have missed the member
        }
        return () -> leave(member);
    }

    private void leave(Member member) {
        if (!member.done.compareAndSet(false, true)) {
            return;
        }
        Watched watched;
        boolean last;
        while (true) {
            watched = member.home;
            synchronized (watched) {
                if (member.home != watched) {
                    continue; // moved to the session's new id meanwhile
                }
                watched.members.remove(member);
                last = watched.members.isEmpty();
                break;
            }
        }
        if (!last) {
            return;
        }
        if (watched.stretched) {
            stretch(watched, System.currentTimeMillis(), true); // stays until the session's next request
        } else {
            Watched w = watched;
            byId.computeIfPresent(w.id, (key, found) -> found == w && found.unused() ? unindex(found) : found);
        }
    }

    /** Moves the expiry of every session with members forward; notices sessions that ended unreported. */
    public void keepAlive(long nowMillis) {
        for (Watched watched : byId.values()) {
            if (!watched.unused() && !stretch(watched, nowMillis, false)) {
                end(watched.id);
            }
        }
    }

    /**
     * Stretches the session's timeout so that it lasts the application's timeout from now, when less than half of
     * that is left (or always, when {@code force}).
     *
     * @return whether the session is still valid
     */
    private static boolean stretch(Watched watched, long nowMillis, boolean force) {
        if (watched.timeout <= 0) {
            return valid(watched.session);
        }
        try {
            HttpSession session = watched.session;
            long idleSeconds = Math.max(0, (nowMillis - session.getLastAccessedTime() + 999) / 1000);
            long left = session.getMaxInactiveInterval() - idleSeconds;
            if (force || left < watched.timeout / 2 + MARGIN_SECONDS) {
                long stretched = idleSeconds + watched.timeout + MARGIN_SECONDS;
                session.setMaxInactiveInterval((int) Math.min(Integer.MAX_VALUE, stretched));
                watched.stretched = true;
            }
            return true;
        } catch (IllegalStateException invalidated) {
            return false;
        }
    }

    /** @return how many sessions are followed: with members, or stretched and not yet restored */
    public int size() {
        return byId.size();
    }

    @Override
    public void sessionDestroyed(HttpSessionEvent event) {
        String id = event.getSession().getId();
        end(id);
        try {
            endedHere.accept(id);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Telling the other nodes that a cookie session ended failed", e);
        }
    }

    @Override
    public void sessionIdChanged(HttpSessionEvent event, String oldSessionId) {
        String newId = event.getSession().getId();
        Watched old = byId.remove(oldSessionId);
        if (old != null) {
            unindex(old);
            Watched moved = byId.computeIfAbsent(newId, key -> watch(key, old.session, old.timeout));
            synchronized (old) {
                synchronized (moved) {
                    for (Member member : old.members) {
                        moved.members.add(member);
                        member.home = moved;
                    }
                    old.members.clear();
                }
            }
            moved.stretched |= old.stretched;
        }
        tabs.sessionIdChanged(oldSessionId, newId);
        LOG.log(Level.DEBUG, "The container changed the id of a cookie session; its connections and tabs follow it");
    }

    /** A request of a stretched session without members gives the session back its own timeout. */
    @Override
    public void requestInitialized(ServletRequestEvent event) {
        if (byId.isEmpty()
                || !(event.getServletRequest() instanceof HttpServletRequest request)
                || request.getRequestedSessionId() == null) {
            return;
        }
        // The session itself, not the requested id, which may carry a container's suffix (Jetty's ".node0"). Getting
        // it accesses it, which refreshes its last access on every container, before the timeout goes back, so that
        // the expiry never lies in the past.
        HttpSession session = request.getSession(false);
        String id = session == null ? null : idOf(session);
        Watched watched = id == null ? null : byId.get(id);
        if (watched == null || !watched.stretched || !watched.unused()) {
            return;
        }
        boolean[] restore = {false};
        byId.computeIfPresent(id, (key, found) -> {
            restore[0] = found == watched && found.unused();
            return restore[0] ? unindex(found) : found;
        });
        if (restore[0] && valid(session)) {
            session.setMaxInactiveInterval(watched.timeout);
        }
    }

    private static String idOf(HttpSession session) {
        try {
            return session.getId();
        } catch (IllegalStateException invalidated) {
            return null;
        }
    }

    /**
     * Sets who hears of the sessions the container reports ended on this node, after their connections here were
     * told; called once, before sessions end. The listener must not block.
     *
     * @param listener receives the session's id
     */
    void onEndedHere(Consumer<String> listener) {
        endedHere = listener;
    }

    /**
     * A session ended on another node: its connections and requests here end as if it had ended here.
     *
     * @param sessionFingerprint the session's fingerprint
     * @return whether this node followed the session
     */
    boolean endElsewhere(String sessionFingerprint) {
        Watched watched = byFingerprint.get(sessionFingerprint);
        if (watched == null) {
            return false;
        }
        end(watched.id);
        return true;
    }

    private Watched watch(String id, HttpSession session, int timeout) {
        Watched watched = new Watched(id, fingerprint.apply(id), session, timeout);
        byFingerprint.put(watched.fingerprint, watched);
        return watched;
    }

    /** Drops a session being removed from {@code byId} from the index; returns {@code null}, its entry's value. */
    private Watched unindex(Watched watched) {
        byFingerprint.remove(watched.fingerprint, watched);
        return null;
    }

    private void end(String id) {
        Watched watched = byId.remove(id);
        if (watched != null) {
            unindex(watched);
        }
        int forgotten = tabs.endSession(id);
        if (watched == null) {
            LOG.log(
                    Level.DEBUG,
                    "A cookie session without connections ended; {0} of its tabs were forgotten",
                    forgotten);
            return;
        }
        List<Member> members;
        synchronized (watched) {
            members = new ArrayList<>(watched.members);
            watched.members.clear();
        }
        for (Member member : members) {
            if (member.done.compareAndSet(false, true)) {
                try {
                    member.ended.run();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "Closing a connection of an ended session failed", e);
                }
            }
        }
        LOG.log(
                Level.DEBUG,
                "A cookie session ended; {0} of its connections and requests were told, {1} of its tabs forgotten",
                members.size(),
                forgotten);
    }

    // Servlet 6.0: getCreationTime throws IllegalStateException on an invalidated session.
    static boolean valid(HttpSession session) {
        try {
            session.getCreationTime();
            return true;
        } catch (IllegalStateException invalidated) {
            return false;
        }
    }
}
