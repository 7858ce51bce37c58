package io.realtime.internal.http;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Cross-origin resource sharing (Fetch Standard, "CORS protocol") for the allowlisted origins, so that a page on
 * another origin can use the HTTP transports as it can the WebSocket. A listed origin may send credentials (the
 * cookie session); {@code *} admits any origin without them, as browsers require; any other origin gets no CORS
 * header at all, and its requests were refused before this runs.
 */
final class Cors {

    /** The request headers the client sends: its token, the stream's cursor, the uplink's marker. */
    static final String REQUEST_HEADERS = "Accept, Content-Type, Last-Event-ID, Realtime-Token, Realtime-Uplink";

    /** The answer headers a cross-origin script may read: a short poll's ETag, a refusal's Retry-After. */
    static final String EXPOSED_HEADERS = "ETag, Retry-After";

    private Cors() {}

    /** Adds the CORS headers an allowed request's answer needs, before anything is written. */
    static void decorate(Origins origins, HttpServletRequest request, HttpServletResponse response) {
        if (origins.crossOrigin()) {
            response.addHeader("Vary", "Origin");
        }
        String allowed = origins.corsOrigin(request.getHeader("Origin"));
        if (allowed == null) {
            return;
        }
        response.setHeader("Access-Control-Allow-Origin", allowed);
        if (!allowed.equals("*")) {
            response.setHeader("Access-Control-Allow-Credentials", "true");
        }
        response.setHeader("Access-Control-Expose-Headers", EXPOSED_HEADERS);
    }

    /** @return whether the request is a preflight ({@code OPTIONS} with {@code Access-Control-Request-Method}) */
    static boolean isPreflight(HttpServletRequest request) {
        return "OPTIONS".equals(request.getMethod()) && request.getHeader("Access-Control-Request-Method") != null;
    }

    /** Answers an allowed preflight: {@code 204} with the endpoint's methods and the client's headers. */
    static void preflight(HttpServletResponse response, String methods) {
        response.setHeader("Access-Control-Allow-Methods", methods);
        response.setHeader("Access-Control-Allow-Headers", REQUEST_HEADERS);
        response.setHeader("Access-Control-Max-Age", "600");
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
    }
}
