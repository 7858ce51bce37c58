package io.realtime.internal.http;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Request paths as routes see them: context-relative, still percent-encoded, without {@code ;} path parameters
 * (which servlet containers strip from the paths they route by). WebSocket handshakes use the same rule, so that
 * {@code /chat/lobby;x=1} names room {@code lobby} on every transport.
 */
public final class RequestPaths {

    private RequestPaths() {}

    static String contextRelative(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        return withoutParameters(uri.startsWith(context) ? uri.substring(context.length()) : uri);
    }

    /**
     * @param path a raw (percent-encoded) path
     * @return the path without the {@code ;} parameters of any of its segments
     */
    public static String withoutParameters(String path) {
        return path.indexOf(';') < 0 ? path : path.replaceAll(";[^/]*", "");
    }
}
