package io.realtime.internal.identity;

import io.realtime.RealtimeSession;
import jakarta.servlet.http.HttpSession;
import java.security.Principal;
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
 */
public final class Tab implements RealtimeSession {

    private final String id;
    private final Handshake handshake;
    private final TabState state;
    private final Map<String, Object> attributes;
    private final SessionWatch sessions;
    private final Holders holders;

    /** @param state the tab's registered state, or {@code null} for a tab of one connection */
    Tab(String id, Handshake handshake, TabState state, int maxAttributes, SessionWatch sessions, Holders holders) {
        this.id = id;
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
        Principal user = handshake.principal();
        Runnable unindex = holders.add(id, user == null ? null : user.getName(), ended);
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
        return id;
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
        return "RealtimeSession[" + id + "]";
    }
}
