package io.realtime.samples.notifications;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Starts a cookie session when the notifications page loads, as signing in would in a real application, so
 * that the page's feed has a session to belong to.
 */
@WebFilter("/notifications.html")
public class StartSession extends HttpFilter {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        request.getSession(true);
        chain.doFilter(request, response);
    }
}
