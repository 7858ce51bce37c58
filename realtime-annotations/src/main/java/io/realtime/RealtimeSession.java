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
 * per tab, kept across reloads, never shared with other tabs. The token is bound to the cookie
 * {@link HttpSession} (when there is one), so it is worthless without that cookie.
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
     * The cookie session the tab belongs to, if one exists. The runtime never creates one.
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
     * live until the tab has had no connection for the configured idle time. Bounded in number.
     *
     * @return a thread-safe map
     */
    Map<String, Object> attributes();
}
