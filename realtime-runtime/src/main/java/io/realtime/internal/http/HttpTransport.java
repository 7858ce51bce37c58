package io.realtime.internal.http;

import io.realtime.internal.endpoint.Routes;
import io.realtime.internal.identity.Tab;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** A transport served over plain HTTP requests (SSE, long-poll). Called on a container thread; must not block. */
public interface HttpTransport {

    /**
     * Serves a request that chose this transport. Origin checks have passed, and the client's identity has been
     * admitted.
     *
     * @param request the request
     * @param response the response
     * @param match the route and path parameters
     * @param tab who the client is; hold it while the request or connection it starts is in progress
     * @throws IOException if the client went away
     */
    void serve(HttpServletRequest request, HttpServletResponse response, Routes.Match match, Tab tab)
            throws IOException;
}
