package io.realtime;

import jakarta.servlet.http.HttpSession;
import java.security.Principal;
import java.util.Map;
import java.util.Optional;

/**
 * The browser tab on the other end of a request or connection, the same for every transport and every
 * reconnect of that tab. Injectable into any {@link Push}, {@link Stream} or {@link Duplex} method.
 *
 * <p>A tab is identified by a signed token that the browser client keeps in {@code sessionStorage}: one
 * per tab, kept across reloads, never shared with other tabs (a duplicated browser tab copies it, and is then the
 * same tab). The token is bound to the cookie {@link HttpSession} (when there is one), so it is worthless without
 * that cookie. A client that sends no token (a plain {@code EventSource} or {@code WebSocket}) is a tab of its own
 * for as long as its connection or request lasts.
 *
 * <p>The user, the cookie session and the cookies are those of the request, or of the WebSocket handshake, that
 * this session was made for: over a WebSocket they stay those of the handshake for the connection's life.
 *
 * <p>Threading: safe to use from any thread.
 */
public interface RealtimeSession {

    /**
     * The tab's identifier: stable across reloads and transports, different for every tab.
     *
     * @return the tab id
     */
    String id();

    /**
     * The authenticated user, as the container established it ({@code HttpServletRequest#getUserPrincipal}).
     *
     * @return the principal, or empty for anonymous users
     */
    Optional<Principal> user();

    /**
     * The cookie session the tab belongs to, if one exists and has not been invalidated. The runtime never creates
     * one; it keeps it alive while connections use it, and ends them when it is invalidated.
     *
     * @return the session, or empty
     */
    Optional<HttpSession> httpSession();

    /**
     * The value of a cookie the browser sent when this request or connection was made.
     *
     * @param name the cookie name
     * @return the value, or empty if absent
     */
    Optional<String> cookie(String name);

    /**
     * Attributes of this tab, shared by every transport and reconnect of it, and not seen by other tabs. They
     * live in the memory of the server until the tab has had no connection for the configured idle time
     * ({@code tabIdleTimeout}, 30 minutes by default), or until its cookie session ends. Bounded in number
     * ({@code maxTabAttributes}, 64 by default): adding a key beyond the bound throws
     * {@link IllegalStateException}. Null keys and values are not accepted. The entry and value views are read-only;
     * removing through the key view is allowed.
     *
     * <p>With a backplane that keeps them, such as Redis ({@code tabAttributesAcrossNodes}, on by default), they
     * follow the tab to every node: each change is written to the backplane before it is made here, and blocks until
     * the backplane answers; a value must then be a {@code String}, {@code Boolean}, {@code Integer}, {@code Long} or
     * {@code Double} of at most 4 KiB, else {@link IllegalArgumentException}; a change the backplane cannot take
     * throws {@link IllegalStateException} and changes nothing. A node reads a tab's attributes when the tab arrives
     * there, and again when another node changes them.
     *
     * @return a thread-safe map
     */
    Map<String, Object> attributes();
}
