package io.realtime.internal.identity;

import java.util.regex.Pattern;

/**
 * The cookie the runtime sets on a client that negotiates without a cookie session, so that its tab token is bound
 * to something the browser holds and a script cannot read, as a session-bound token is bound to its session
 * (docs/security.md, "Tab tokens"). Its value is 128 random bits, base64url; only its SHA-256 enters a token's
 * binding, and it is never logged.
 *
 * <p>On {@code https} it is {@value #SECURE_NAME}: {@code Secure}, and with {@code Path=/} as that prefix requires,
 * so a sibling subdomain or a plain-{@code http} page cannot set it; every application of the host then shares
 * it, which gives none of them anything, as each only binds its own tokens to it. On {@code http} it is {@value
 * #NAME} with the application's context path. Both are {@code HttpOnly} and {@code SameSite=Lax}, and last as long
 * as the browser session. Reading prefers the prefixed one, which a request over {@code https} always got.
 *
 * <p>Stateless and thread-safe.
 */
public final class BrowserCookie {

    /** The cookie's name on plain {@code http}. */
    public static final String NAME = "realtime-browser";

    /** The cookie's name on {@code https}. */
    public static final String SECURE_NAME = "__Host-" + NAME;

    private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9_-]{22}");

    private BrowserCookie() {}

    /**
     * The browser cookie a request presents; a value of another shape is ignored, as if absent.
     *
     * @param handshake what the client presented
     * @return the value, or {@code null}
     */
    static String of(Handshake handshake) {
        for (String name : new String[] {SECURE_NAME, NAME}) {
            String value = handshake.cookies().get(name);
            if (value != null && VALUE.matcher(value).matches()) {
                return value;
            }
        }
        return null;
    }

    /**
     * The {@code Set-Cookie} header value that gives a client its browser cookie.
     *
     * @param value the value from {@link Identity.Issued#browser()}
     * @param secure whether the request came over {@code https}
     * @param contextPath the application's context path, {@code ""} for the root
     * @return the header value
     */
    public static String header(String value, boolean secure, String contextPath) {
        if (secure) {
            return SECURE_NAME + '=' + value + "; Path=/; Secure; HttpOnly; SameSite=Lax";
        }
        String path = contextPath == null || contextPath.isEmpty() ? "/" : contextPath;
        return NAME + '=' + value + "; Path=" + path + "; HttpOnly; SameSite=Lax";
    }
}
