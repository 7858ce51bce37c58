package io.realtime.internal.admin;

import io.realtime.internal.Json;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Serves the admin page at {@link AdminFeed#PAGE} to the users {@code RealtimeConfig.adminRoles} admits, and refuses
 * everyone else with {@code 403 forbidden} and a JSON body; its {@link Gate} guards the feed the same way. Both read
 * who is admitted from a context attribute on each request, so that a registration a container keeps across a
 * restart (Jetty) answers {@code 404} once the page is turned off.
 */
public final class AdminServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** The servlet context attribute holding the {@link AdminAccess} while the page is on. */
    public static final String ACCESS = AdminServlet.class.getName() + ".access";

    private static final byte[] PAGE = page();

    /** Created by the container. */
    public AdminServlet() {}

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (refused(getServletContext(), request, response)) {
            return;
        }
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("text/html;charset=utf-8");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setContentLength(PAGE.length);
        response.getOutputStream().write(PAGE);
    }

    /**
     * Answers the request itself when it may not see the page or feed.
     *
     * @return whether it did: {@code 404} when the page is off, {@code 403} when its user is not admitted
     */
    static boolean refused(ServletContext context, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        Object access = context.getAttribute(ACCESS);
        if (!(access instanceof AdminAccess admitted) || !admitted.on()) {
            error(response, HttpServletResponse.SC_NOT_FOUND, "not_found", "The admin page is off");
            return true;
        }
        if (!admitted.allows(request)) {
            error(
                    response,
                    HttpServletResponse.SC_FORBIDDEN,
                    "forbidden",
                    "The admin page is for the roles and users in realtime.adminRoles");
            return true;
        }
        return false;
    }

    private static void error(HttpServletResponse response, int status, String code, String message)
            throws IOException {
        byte[] body = Json.error(code, message);
        response.setStatus(status);
        response.setContentType("application/json");
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private static byte[] page() {
        try (InputStream in = AdminServlet.class.getResourceAsStream("admin.html")) {
            if (in == null) {
                throw new IllegalStateException("Missing resource admin.html");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lets a request reach the feed only when it may see the page. */
    public static final class Gate implements Filter {

        /** Created by the container. */
        public Gate() {}

        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            if (request instanceof HttpServletRequest http
                    && response instanceof HttpServletResponse answer
                    && refused(request.getServletContext(), http, answer)) {
                return;
            }
            chain.doFilter(request, response);
        }
    }
}
