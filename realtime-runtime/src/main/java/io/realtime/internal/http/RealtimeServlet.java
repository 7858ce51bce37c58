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

    @Override
    public void service(ServletRequest request, ServletResponse response) throws ServletException, IOException {
        dispatch.service(request, response);
    }
}
