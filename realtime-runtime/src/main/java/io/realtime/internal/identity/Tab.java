package io.realtime.internal.identity;

import io.realtime.RealtimeSession;
import jakarta.servlet.http.HttpSession;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The {@link RealtimeSession} of one request or connection: the tab its token names (so its attributes are those
 * every transport of the tab shares), or, for a client without a token, a tab of this connection alone. The user,
 * the cookie session and the cookies are those of the request or handshake, copied in its {@link Handshake}.
 *
 * <p>A transport {@link #hold holds} the tab while a connection or request is in progress: the tab's state
 * does not expire meanwhile, and the cookie session's end closes what the transport gave.
 *
 * <p>A tab of one connection makes its random id when it is first asked for it, and is indexed under that id for
 * revocation from then on: most such tabs (a poll or a stream without a token) are never asked, and the random
 * bits and the keyed fingerprint of an id were a tenth of the cost of a poll (issue 19's profile). A tab nobody
 * knows the id of cannot be revoked by its id, so nothing is lost; its user still can be.
 */
public final class Tab implements RealtimeSession {

    private volatile String id; // made when first asked for, for a tab of one connection
    private final Handshake handshake;
    private final TabState state;
    private final Map<String, Object> attributes;
    private final SessionWatch sessions;
    private final Holders holders;
    private List<LocalHold> notIndexed; // guarded by this; null once the tab has an id

    /**
     * @param id the tab's id, or {@code null} for a tab of one connection, which makes one when asked
     * @param state the tab's registered state, or {@code null} for a tab of one connection
     */
    Tab(String id, Handshake handshake, TabState state, int maxAttributes, SessionWatch sessions, Holders holders) {
        this.id = id;
        this.notIndexed = id == null ? new ArrayList<>(1) : null;
        this.handshake = handshake;
        this.state = state;
        this.attributes = state != null ? state.attributes() : new Attributes(maxAttributes);
        this.sessions = sessions;
        this.holders = holders;
    }

    /** @return what the client presented */
    public Handshake handshake() {
        return handshake;
    }

    /**
     * Holds the tab and joins the cookie session while a connection or request is in progress. May be called more
     * than once (a long-poll request, then the poll connection it opens); each hold is released on its own.
     *
     * @param ended closes the connection or answers the request if the cookie session ends first, or the tab or its
     *     user is revoked; must not block
     * @return releases this hold; idempotent
     */
    public Runnable hold(Runnable ended) {
        if (state != null) {
            state.hold(System.currentTimeMillis());
        }
        Runnable leave = sessions.join(handshake.httpSession(), ended);
        Runnable unindex = index(ended);
        AtomicBoolean released = new AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) {
                unindex.run();
                leave.run();
                if (state != null) {
                    state.release(System.currentTimeMillis());
                }
            }
        };
    }

    @Override
    public String id() {
        String known = id;
        return known != null ? known : makeId();
    }

    /** Indexes a hold by the tab's id, if it has one yet, and by its user. */
    private Runnable index(Runnable ended) {
        Principal user = handshake.principal();
        String userName = user == null ? null : user.getName();
        synchronized (this) {
            if (notIndexed == null) {
                return holders.add(id, userName, ended);
            }
            LocalHold hold = new LocalHold(ended, holders.add(null, userName, ended));
            notIndexed.add(hold);
            return hold::release;
        }
    }

    private synchronized String makeId() {
        if (id == null) {
            id = Tokens.newTab();
            for (LocalHold hold : notIndexed) {
                hold.tabUnindex = holders.add(id, null, hold.ended);
            }
            notIndexed = null;
        }
        return id;
    }

    /** A hold of a tab of one connection, indexed by its id only once that is made. Guarded by the tab. */
    private final class LocalHold {
        final Runnable ended;
        final Runnable userUnindex;
        Runnable tabUnindex;

        LocalHold(Runnable ended, Runnable userUnindex) {
            this.ended = ended;
            this.userUnindex = userUnindex;
        }

        void release() {
            Runnable tab;
            synchronized (Tab.this) {
                if (notIndexed != null) {
                    notIndexed.remove(this);
                }
                tab = tabUnindex;
                tabUnindex = null;
            }
            userUnindex.run();
            if (tab != null) {
                tab.run();
            }
        }
    }

    @Override
    public Optional<Principal> user() {
        return Optional.ofNullable(handshake.principal());
    }

    /** The handshake's session while it is valid; the runtime never creates one. */
    @Override
    public Optional<HttpSession> httpSession() {
        HttpSession session = handshake.httpSession();
        return session != null && SessionWatch.valid(session) ? Optional.of(session) : Optional.empty();
    }

    @Override
    public Optional<String> cookie(String name) {
        return Optional.ofNullable(handshake.cookies().get(name));
    }

    @Override
    public Map<String, Object> attributes() {
        return attributes;
    }

    /** The tab id alone; the token never appears here. */
    @Override
    public String toString() {
        return "RealtimeSession[" + id() + "]";
    }
}
