package io.realtime.internal.http;

import jakarta.servlet.http.HttpServletRequest;

/** The context-relative request path, still percent-encoded, without {@code ;} path parameters. */
final class RequestPaths {

    private RequestPaths() {}

    static String contextRelative(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        String path = uri.startsWith(context) ? uri.substring(context.length()) : uri;
        return path.indexOf(';') < 0 ? path : path.replaceAll(";[^/]*", "");
    }
}
