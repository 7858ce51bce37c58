package io.realtime.internal.identity;

import io.realtime.internal.limits.ClientAddresses;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import jakarta.websocket.server.HandshakeRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a client presented when it connected, copied once from the HTTP request or the WebSocket handshake:
 * everything identity and session decisions may need later, when the request itself is gone. This is the one
 * place that reads them, whatever the transport.
 *
 * @param principal the authenticated user, or {@code null}
 * @param httpSession the cookie session if one existed (never created here), or {@code null}
 * @param cookies cookie values by name, first occurrence wins
 * @param headers the {@link #HEADERS} present, by lower-case name
 * @param query query parameters, first value of each
 * @param address the client's address (behind trusted proxies, the one they name), for per-client limits; {@code
 *     null} for a WebSocket handshake, whose peer the WebSocket API does not tell
 */
public record Handshake(
        Principal principal,
        HttpSession httpSession,
        Map<String, String> cookies,
        Map<String, String> headers,
        Map<String, String> query,
        String address) {

    /** The request headers kept: those that identify the client or carry its credentials. */
    public static final List<String> HEADERS =
            List.of("origin", "user-agent", "sec-websocket-protocol", "x-forwarded-for", "forwarded", "realtime-token");

    /** The header that carries the tab token on HTTP requests (docs/protocol.md, "Identity"). */
    public static final String TOKEN_HEADER = "Realtime-Token";

    /** The prefix of the WebSocket subprotocol that carries the tab token, where headers cannot be set. */
    public static final String TOKEN_SUBPROTOCOL = "realtime.token.";

    public Handshake {
        cookies = Map.copyOf(cookies);
        headers = Map.copyOf(headers);
        query = Map.copyOf(query);
    }

    /**
     * Copies a plain HTTP request (negotiation, Server-Sent Events, long-poll, {@code POST} uplink).
     *
     * @param addresses tells the client's address behind trusted proxies
     */
    public static Handshake of(HttpServletRequest request, ClientAddresses addresses) {
        Map<String, String> cookies = new LinkedHashMap<>();
        Cookie[] sent = request.getCookies();
        if (sent != null) {
            for (Cookie cookie : sent) {
                cookies.putIfAbsent(cookie.getName(), cookie.getValue());
            }
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : HEADERS) {
            // Every line of a header: a proxy may add its own X-Forwarded-For line rather than extend the first.
            List<String> values = Collections.list(request.getHeaders(name));
            if (!values.isEmpty()) {
                headers.put(name, String.join(", ", values));
            }
        }
        return new Handshake(
                request.getUserPrincipal(),
                request.getSession(false),
                cookies,
                headers,
                query(request.getQueryString()),
                addresses.of(request.getRemoteAddr(), headers.get("forwarded"), headers.get("x-forwarded-for")));
    }

    /**
     * Whether the request names its cookie session in its URL ({@code ;jsessionid=}) and not in a cookie. The runtime
     * refuses such requests: a session id that travels in URLs leaks through logs, history and {@code Referer}, and a
     * tab token bound to a session must be worthless without the cookie the browser holds (docs/security.md).
     */
    public static boolean namesItsSessionInItsUrl(HttpServletRequest request) {
        return request.getRequestedSessionId() != null
                && request.isRequestedSessionIdFromURL()
                && !request.isRequestedSessionIdFromCookie();
    }

    /** Copies a WebSocket opening handshake (RFC 6455 §4.2.1), from {@code Configurator.modifyHandshake}. */
    public static Handshake of(HandshakeRequest request) {
        return of(request, null);
    }

    /**
     * What a WebSocket client presented in its handshake, with its address, which the handshake itself does not
     * hold.
     *
     * @param request the handshake
     * @param address the client's address as the servlet request told it (behind trusted proxies, the one they
     *     name), or {@code null} when unknown: then only the cookie session's quota counts its tabs
     * @return what it presented
     */
    public static Handshake of(HandshakeRequest request, String address) {
        Map<String, String> headers = new LinkedHashMap<>();
        Map<String, String> cookies = new LinkedHashMap<>();
        request.getHeaders().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("cookie")) {
                values.forEach(value -> parseCookies(value, cookies));
            } else if (HEADERS.contains(lower) && !values.isEmpty()) {
                headers.putIfAbsent(lower, String.join(", ", values));
            }
        });
        HttpSession session = request.getHttpSession() instanceof HttpSession s ? s : null;
        // The query string itself: some containers add path parameters to getParameterMap().
        return new Handshake(
                request.getUserPrincipal(), session, cookies, headers, query(request.getQueryString()), address);
    }

    /**
     * The tab token the client presented: the {@code Realtime-Token} header, or else a {@code realtime.token.*}
     * WebSocket subprotocol.
     *
     * @return the token, or {@code null} when there is none
     */
    public String token() {
        // trim(), not isBlank(): a header of control characters alone (trim() strips them, isBlank() does not
        // count them as blank) is no token, rather than an empty one.
        String header = headers.get("realtime-token");
        if (header != null && !header.trim().isEmpty()) {
            return header.trim();
        }
        String protocols = headers.get("sec-websocket-protocol");
        if (protocols != null) {
            for (String protocol : protocols.split(",")) {
                String p = protocol.trim();
                if (p.startsWith(TOKEN_SUBPROTOCOL) && p.length() > TOKEN_SUBPROTOCOL.length()) {
                    return p.substring(TOKEN_SUBPROTOCOL.length());
                }
            }
        }
        return null;
    }

    /**
     * The same client presenting another tab's token: a subscription of a shared connection that belongs to another
     * tab of the browser (docs/protocol.md, "Tabs sharing a connection"). The cookie session, the user and the
     * cookies stay the connection's, so the token must be valid for them.
     *
     * @param tabToken the subscription's tab token
     * @return the handshake with that token alone
     */
    public Handshake withToken(String tabToken) {
        Map<String, String> kept = new LinkedHashMap<>(headers);
        kept.remove("sec-websocket-protocol");
        kept.put("realtime-token", tabToken);
        return new Handshake(principal, httpSession, cookies, kept, query, address);
    }

    /**
     * The id of the cookie session, if there was one and it has not been invalidated since.
     *
     * @return the id, or {@code null}
     */
    public String sessionId() {
        try {
            return httpSession == null ? null : httpSession.getId();
        } catch (IllegalStateException invalidated) {
            return null;
        }
    }

    /** Names what was copied, never its values: cookies, headers and the query may carry credentials. */
    @Override
    public String toString() {
        return "Handshake[principal=" + (principal != null) + ", session=" + (httpSession != null) + ", cookies="
                + cookies.keySet() + ", headers=" + headers.keySet() + ", query=" + query.keySet() + ']';
    }

    // Read from the query string alone: getParameter would consume a form-encoded request body.
    private static Map<String, String> query(String queryString) {
        Map<String, String> query = new LinkedHashMap<>();
        if (queryString != null) {
            for (String pair : queryString.split("&")) {
                int equals = pair.indexOf('=');
                String name = equals < 0 ? pair : pair.substring(0, equals);
                String value = equals < 0 ? "" : pair.substring(equals + 1);
                try {
                    query.putIfAbsent(
                            URLDecoder.decode(name, StandardCharsets.UTF_8),
                            URLDecoder.decode(value, StandardCharsets.UTF_8));
                } catch (IllegalArgumentException malformed) {
                    // A malformed escape: the parameter is ignored, as containers do.
                }
            }
        }
        return query;
    }

    // RFC 6265 §5.4: "name=value" pairs separated by "; ".
    private static void parseCookies(String header, Map<String, String> into) {
        for (String pair : header.split(";")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                String name = pair.substring(0, equals).trim();
                String value = pair.substring(equals + 1).trim();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                if (!name.isEmpty()) {
                    into.putIfAbsent(name, value);
                }
            }
        }
    }
}
