package io.realtime.internal.http;

import jakarta.servlet.Servlet;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.UnavailableException;
import jakarta.servlet.http.HttpServlet;
import java.io.IOException;

/**
 * The one servlet the runtime registers, mapped to every endpoint's literal prefix; it hands each request to
 * the {@link HttpDispatch} of the runtime that runs in its context now.
 *
 * <p>It is registered by class and finds the dispatch when the container initialises it, rather than being
 * handed one: Jetty keeps a servlet added while a context started when that context stops, and initialises it
 * again when the context starts again (a redeployment in place), possibly as the class of the earlier start's
 * class loader. The dispatch travels as a {@link Servlet}, the container's type, so any such instance serves the
 * runtime of the current start (docs/containers.md).
 */
public final class RealtimeServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** The servlet context attribute holding the running runtime's {@link HttpDispatch}. */
    public static final String DISPATCH = "io.realtime.dispatch";

    private transient Servlet dispatch;

    /** Created by the container. */
    public RealtimeServlet() {}

    @Override
    public void init() throws ServletException {
        if (!(getServletContext().getAttribute(DISPATCH) instanceof Servlet running)) {
            throw new UnavailableException("The realtime runtime is not running in this context");
        }
        dispatch = running;
    }

    /**
     * The application is stopping: every container destroys its servlets first, before it ends the application's
     * cookie sessions (Tomcat, Undertow) and before its context listeners hear (Servlet 6.0 §4.4.1), so the runtime
     * says its goodbye from here. Were it to wait for the context, the sessions' ends would reach their connections
     * first, and tell their clients that they had logged out (docs/containers.md).
     */
    @Override
    public void destroy() {
        if (dispatch != null) {
            dispatch.destroy();
        }
    }

    @Override
    public void service(ServletRequest request, ServletResponse response) throws ServletException, IOException {
        dispatch.service(request, response);
    }
}
