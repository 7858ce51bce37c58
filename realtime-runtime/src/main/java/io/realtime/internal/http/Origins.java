package io.realtime.internal.http;

import java.util.Locale;
import java.util.Set;

/**
 * Same-origin by default on every transport (design §6): a request carrying a foreign {@code Origin}, or a
 * browser's {@code Sec-Fetch-Site: cross-site}/{@code same-site}, is refused unless the origin is allowlisted.
 * The WebSocket handshake applies the same rule, since containers accept any origin by default. When the
 * application lists the hosts it answers to, a request naming another host in its {@code Host} header is refused
 * whatever its origin: against DNS rebinding, where a page reaches the server under its own site's name.
 */
public final class Origins {

    private final Set<String> allowed;
    private final Set<String> hosts;
    private final boolean any;

    /** Same-origin, and the origins listed, from any host. */
    public Origins(Set<String> allowed) {
        this(allowed, Set.of());
    }

    /**
     * @param allowed origins allowed besides the request's own, in lower case; {@code *} for any
     * @param hosts the hosts the application answers to, in lower case, as a {@code Host} header writes them; none for
     *     any host
     */
    public Origins(Set<String> allowed, Set<String> hosts) {
        this.allowed = allowed;
        this.hosts = hosts;
        this.any = allowed.contains("*");
    }

    /**
     * Whether a request may proceed.
     *
     * @param origin the {@code Origin} header, or {@code null}
     * @param fetchSite the {@code Sec-Fetch-Site} header, or {@code null}
     * @param host the {@code Host} header, or {@code null}
     * @return whether it names a host the application answers to, and is same-origin or allowlisted
     */
    public boolean allows(String origin, String fetchSite, String host) {
        if (!hosts.isEmpty() && (host == null || !hosts.contains(host.trim().toLowerCase(Locale.ROOT)))) {
            return false;
        }
        if (origin == null) {
            // Browsers omit Origin on same-origin GETs; Sec-Fetch-Site still tells a cross-site one.
            return fetchSite == null || !(fetchSite.equals("cross-site") || fetchSite.equals("same-site")) || any;
        }
        String normalised = origin.trim().toLowerCase(Locale.ROOT);
        if (any || allowed.contains(normalised)) {
            return true;
        }
        return host != null && sameAuthority(normalised, host.trim().toLowerCase(Locale.ROOT));
    }

    /**
     * The value of {@code Access-Control-Allow-Origin} for a request's {@code Origin}: the allowlisted origin as
     * configured, {@code *} where any origin is allowed and this one is not listed, or {@code null} for a request
     * that needs no CORS headers (no {@code Origin}, or one that is not allowlisted). A foreign origin is never
     * echoed back.
     *
     * @param origin the {@code Origin} header, or {@code null}
     */
    public String corsOrigin(String origin) {
        if (origin == null) {
            return null;
        }
        String normalised = origin.trim().toLowerCase(Locale.ROOT);
        return allowed.contains(normalised) ? normalised : any ? "*" : null;
    }

    /**
     * Whether a request that {@link #allows} came from a page of another origin, whose browser client sends its
     * requests without cookies (docs/security.md, "Tab tokens").
     *
     * @param origin the {@code Origin} header, or {@code null}, as browsers send on same-origin {@code GET}s
     * @param host the {@code Host} header, or {@code null}
     * @return whether the origin is there and is not the request's own
     */
    public boolean foreign(String origin, String host) {
        if (origin == null) {
            return false;
        }
        return host == null
                || !sameAuthority(
                        origin.trim().toLowerCase(Locale.ROOT), host.trim().toLowerCase(Locale.ROOT));
    }

    /** @return whether origins other than the page's own are allowed, so that answers vary by {@code Origin} */
    public boolean crossOrigin() {
        return !allowed.isEmpty();
    }

    // The scheme is not compared: behind a TLS-terminating proxy the request arrives as http while the page
    // is https. Host and port must match exactly, with default ports made explicit on both sides.
    private static boolean sameAuthority(String origin, String host) {
        int scheme = origin.indexOf("://");
        if (scheme < 0) {
            return false; // "null" and other opaque origins
        }
        String defaultPort = origin.startsWith("https://") ? "443" : origin.startsWith("http://") ? "80" : null;
        if (defaultPort == null) {
            return false;
        }
        return withPort(origin.substring(scheme + 3), defaultPort).equals(withPort(host, defaultPort));
    }

    private static String withPort(String authority, String defaultPort) {
        int close = authority.lastIndexOf(']');
        int colon = authority.lastIndexOf(':');
        return colon > close ? authority : authority + ':' + defaultPort;
    }
}
