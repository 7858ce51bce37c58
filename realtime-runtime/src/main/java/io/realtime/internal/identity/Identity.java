package io.realtime.internal.identity;

import io.realtime.internal.LogLimit;
import io.realtime.spi.BackplaneException;
import io.realtime.spi.TabStore;
import java.lang.System.Logger.Level;
import java.util.EventListener;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Who is on the other end, decided once per request or connection, the same way for every transport
 * (docs/protocol.md, "Identity"): a client that sends no token gets a tab of its own connection, as plain
 * {@code EventSource}, {@code WebSocket} and {@code curl} clients do; a client whose token verifies against its
 * own cookie session, or without one its own {@link BrowserCookie browser cookie}, gets its tab; any other token
 * is refused, and nothing is created for it.
 *
 * <p>Negotiation never refuses: it is where a tab gets its token. An accepted token keeps its tab (a reload keeps
 * the tab), anything else starts a new one. A client with neither a cookie session nor a browser cookie is given a
 * browser cookie there, and its token is bound to it.
 *
 * <p>Thread-safe. It logs refusals at {@code DEBUG} with their reason and admissions at {@code TRACE}, never a
 * token.
 */
public final class Identity {

    private static final System.Logger LOG = System.getLogger(Identity.class.getName());

    private final Tokens tokens;
    private final Tabs tabs;
    private final SessionWatch sessions;
    private final Holders holders;
    private final int maxAttributes;
    private final LogLimit unread = new LogLimit();

    /** @param maxAttributes the most attributes the tab of a client without a token may hold */
    Identity(Tokens tokens, Tabs tabs, SessionWatch sessions, int maxAttributes) {
        this(tokens, tabs, sessions, new Holders(tokens), maxAttributes);
    }

    private Identity(Tokens tokens, Tabs tabs, SessionWatch sessions, Holders holders, int maxAttributes) {
        this.tokens = tokens;
        this.tabs = tabs;
        this.sessions = sessions;
        this.holders = holders;
        this.maxAttributes = maxAttributes;
    }

    /**
     * The identity of one runtime, with its registry of tabs and its watch over cookie sessions.
     *
     * @param tokens signs and verifies tab tokens
     * @param maxTabs the most tabs kept at once; beyond, a new tab makes room by evicting an idle one
     * @param perSession the most tabs one cookie session has at once; beyond, its new tabs are refused
     * @param perAddress the most tabs one client address has at once; beyond, its new tabs are refused
     * @param maxAttributes the most attributes one tab holds
     * @param tabIdleMillis how long a tab nothing uses is kept
     * @param store where tab attributes are kept for every node, if they are
     * @param background runs the store's upkeep off the caller's thread; bounded
     */
    public static Identity create(
            Tokens tokens,
            int maxTabs,
            int perSession,
            int perAddress,
            int maxAttributes,
            long tabIdleMillis,
            Optional<TabStore> store,
            Executor background) {
        Holders holders = new Holders(tokens);
        Tabs.Sharing sharing = store.map(shared -> new Tabs.Sharing(shared, holders::tab, background))
                .orElse(null);
        Tabs tabs = new Tabs(maxTabs, perSession, perAddress, maxAttributes, tabIdleMillis, sharing);
        return new Identity(
                tokens, tabs, new SessionWatch(tabs, id -> tokens.fingerprint("session", id)), holders, maxAttributes);
    }

    /**
     * Sets who hears that a tab's shared attributes changed on this node, to tell the other nodes; called once,
     * while the runtime starts. The listener must not block.
     *
     * @param listener receives the {@link #tabFingerprint tab's fingerprint}
     */
    public void onTabChanged(Consumer<String> listener) {
        tabs.onChanged(listener);
    }

    /**
     * Another node changed a tab's shared attributes: this node reads them again. Blocks while the store answers,
     * when a connection or request of the tab is in progress here.
     *
     * @param fingerprint the {@link #tabFingerprint tab's fingerprint}
     */
    public void tabChangedElsewhere(String fingerprint) {
        tabs.changedElsewhere(fingerprint);
    }

    /**
     * The keyed fingerprint that names a cookie session to other nodes ({@link Tokens#fingerprint}).
     *
     * @param sessionId the session's id
     * @return its fingerprint
     */
    public String sessionFingerprint(String sessionId) {
        return tokens.fingerprint("session", sessionId);
    }

    /**
     * Sets who hears of the cookie sessions the container reports ended on this node, once their connections here
     * were told; called once, while the runtime starts. The listener must not block.
     *
     * @param listener receives the session's id
     */
    public void onSessionEnded(Consumer<String> listener) {
        sessions.onEndedHere(listener);
    }

    /** @return the fingerprint that names a tab to other nodes */
    public String tabFingerprint(String tabId) {
        return holders.tab(tabId);
    }

    /** @return the fingerprint that names a user to other nodes */
    public String userFingerprint(String userName) {
        return holders.user(userName);
    }

    /**
     * Ends the connections and requests in progress of a tab or a user on this node, with the goodbye of an ended
     * cookie session: the client drops its token and negotiates again.
     *
     * @param fingerprint the {@link #tabFingerprint tab's} or {@link #userFingerprint user's} fingerprint
     * @return how many were ended
     */
    public int revoke(String fingerprint) {
        int ended = holders.end(fingerprint);
        if (ended > 0) {
            LOG.log(Level.DEBUG, "Revoked {0} connections and requests of a tab or user", ended);
        }
        return ended;
    }

    /**
     * A cookie session ended on another node: its connections and requests on this node end as if it ended here.
     *
     * @param sessionFingerprint its {@link #sessionFingerprint fingerprint}
     */
    public void endSessionElsewhere(String sessionFingerprint) {
        if (sessions.endElsewhere(sessionFingerprint)) {
            LOG.log(Level.DEBUG, "A cookie session ended on another node; its connections here were told");
        }
    }

    /**
     * @return the listener that follows cookie sessions (their ends, their id changes, their traffic), to add to
     *     the servlet context while it starts
     */
    public EventListener sessionListener() {
        return sessions;
    }

    /**
     * Keeps alive the cookie sessions that connections use; called about every second by the runtime's scheduler.
     *
     * @param nowMillis the current time
     */
    public void keepAlive(long nowMillis) {
        sessions.keepAlive(nowMillis);
    }

    /**
     * Forgets the tabs nothing has used for the idle time; called periodically by the runtime's scheduler.
     *
     * @param nowMillis the current time
     */
    public void sweep(long nowMillis) {
        tabs.sweep(nowMillis);
    }

    /** @return how many tabs have state now */
    public int tabs() {
        return tabs.size();
    }

    /** @return how many cookie sessions connections or requests use now */
    public int httpSessions() {
        return sessions.size();
    }

    /** A request or connection may go on as {@code tab}, or is refused with a status and code. */
    public sealed interface Admission permits Admitted, Refused {}

    /** @param tab who the request or connection is */
    public record Admitted(Tab tab) implements Admission {}

    /**
     * @param status the HTTP status of the refusal
     * @param closeCode the WebSocket close code that says the same
     * @param code the error code
     * @param message the message for the client; never the token
     */
    public record Refused(int status, int closeCode, String code, String message) implements Admission {}

    /**
     * A tab's token, as negotiation issues it.
     *
     * @param tab the tab id
     * @param token the signed token
     * @param browser the value of a new {@link BrowserCookie} the token is bound to, which the answer must set; or
     *     {@code null} when the client already holds what its token is bound to
     */
    public record Issued(String tab, String token, String browser) {}

    /**
     * Decides who a request or connection is.
     *
     * @param handshake what the client presented
     * @param what the request, for the log, such as {@code GET /prices/ACME}; never the query
     * @return the admission
     */
    public Admission admit(Handshake handshake, String what) {
        String token = handshake.token();
        if (token == null) {
            return new Admitted(new Tab(null, handshake, null, maxAttributes, sessions, holders));
        }
        long now = System.currentTimeMillis();
        String sessionId = handshake.sessionId();
        Tokens.Verdict verdict = verify(token, Tokens.binding(sessionId, BrowserCookie.of(handshake)), now);
        if (!verdict.accepted()) {
            LOG.log(Level.DEBUG, "Refused the tab token of {0}: {1}", what, verdict.refusal());
            return new Refused(401, 1008, "token_refused", verdict.refusal().message());
        }
        Tabs.Obtained obtained = tabs.obtain(verdict.tab(), sessionId, handshake.address(), now);
        TabState tab = obtained.state();
        if (tab == null && obtained.clientFull()) {
            LOG.log(Level.DEBUG, "Refused a new tab on {0}: its client has as many tabs as it may", what);
            return new Refused(429, 1013, "too_many_tabs", "This client has as many tabs as it may; retry later");
        }
        if (tab == null) {
            LOG.log(Level.DEBUG, "Refused a new tab on {0}: every tab the runtime keeps is connected", what);
            return new Refused(503, 1013, "too_many_tabs", "The server keeps as many tabs as it may; retry later");
        }
        try {
            tab.refresh();
        } catch (BackplaneException e) {
            unread.log(
                    LOG,
                    Level.WARNING,
                    "Could not read the attributes of {0} tabs from the backplane; each keeps what this node has and"
                            + " reads them at its next connection");
            LOG.log(Level.DEBUG, "Reading a tab's attributes failed", e);
        }
        LOG.log(
                Level.TRACE,
                () -> "Admitted " + what + " as a known tab, " + (sessionId == null ? "without" : "with")
                        + " a cookie session");
        return new Admitted(new Tab(verdict.tab(), handshake, tab, maxAttributes, sessions, holders));
    }

    /**
     * Issues a token for negotiation: for the same tab when the client's token is accepted, for a new tab
     * otherwise. Creates no state; the tab's state starts with its first connection. A client with neither a cookie
     * session nor a browser cookie gets a new browser cookie, so a token it had cannot be accepted and starts a new
     * tab: negotiation renews a tab only for whoever holds what its token is bound to.
     *
     * <p>A page of another origin is the exception: {@code realtime.js} sends its requests there without credentials,
     * so it would never send the cookie back. Without a cookie session or a browser cookie, its token is bound to
     * nothing, as every anonymous token once was (docs/security.md, "Tab tokens"); it is still offered the cookie,
     * for a client that keeps it.
     *
     * @param handshake what the client presented
     * @param sameOrigin whether the request came from the application's own origin (or no page at all), so that the
     *     cookie set now comes back
     * @return the tab, its token, and the browser cookie to set if any
     */
    public Issued issue(Handshake handshake, boolean sameOrigin) {
        long now = System.currentTimeMillis();
        String sessionId = handshake.sessionId();
        String browser = BrowserCookie.of(handshake);
        String newBrowser = sessionId == null && browser == null ? Tokens.newBrowser() : null;
        String binding = newBrowser != null && !sameOrigin
                ? Tokens.UNBOUND
                : Tokens.binding(sessionId, newBrowser != null ? newBrowser : browser);
        String token = handshake.token();
        String tab = null;
        if (token != null) {
            Tokens.Verdict verdict = verify(token, Tokens.binding(sessionId, browser), now);
            if (verdict.accepted()) {
                tab = verdict.tab();
                tabs.touch(tab, now);
            } else {
                LOG.log(
                        Level.DEBUG,
                        "Negotiation replaced a refused tab token ({0}) with a new tab",
                        verdict.refusal());
            }
        }
        boolean kept = tab != null;
        if (!kept) {
            tab = Tokens.newTab();
        }
        LOG.log(Level.TRACE, () -> "Negotiation issued a tab token for " + (kept ? "the same" : "a new") + " tab");
        return new Issued(tab, tokens.issue(binding, tab, now), newBrowser);
    }

    /**
     * Verifies a token against the request's binding, or else as one bound to nothing, which a page of another origin
     * was given and may present with or without cookies: a bearer token is accepted wherever it is presented, and a
     * bound one only with its cookie.
     */
    private Tokens.Verdict verify(String token, String binding, long now) {
        Tokens.Verdict verdict = tokens.verify(token, binding, now);
        if (verdict.refusal() == Tokens.Refusal.MISMATCH && !binding.equals(Tokens.UNBOUND)) {
            Tokens.Verdict unbound = tokens.verify(token, Tokens.UNBOUND, now);
            return unbound.refusal() == Tokens.Refusal.MISMATCH ? verdict : unbound;
        }
        return verdict;
    }
}
