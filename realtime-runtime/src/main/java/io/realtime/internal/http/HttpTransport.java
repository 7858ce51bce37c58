package io.realtime.internal.http;

import io.realtime.internal.endpoint.Routes;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** A transport served over plain HTTP requests (SSE, long-poll). Called on a container thread; must not block. */
public interface HttpTransport {

    /**
     * Serves a GET that chose this transport. Origin checks have passed.
     *
     * @param request the request
     * @param response the response
     * @param match the route and path parameters
     * @throws IOException if the client went away
     */
    void serve(HttpServletRequest request, HttpServletResponse response, Routes.Match match) throws IOException;
}
