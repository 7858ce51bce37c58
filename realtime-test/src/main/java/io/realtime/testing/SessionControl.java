package io.realtime.testing;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.Principal;

/**
 * The test kit's own servlet, which every kit maps at {@link #PATH} on programmatic deployments: what a test's
 * {@link Visitor} does with its cookie session, done by the container itself (a real {@code HttpSession}, a real
 * login through the container's authentication, see {@link ServerBuilder#users(String...)}), so that the runtime
 * sees what it would see in an application. It uses the Servlet API alone, so it is the same on every container.
 *
 * <ul>
 *   <li>{@code GET session} answers {@code {"id":...,"user":...,"timeout":...}}, or {@code 204} without a session;
 *       {@code ?create=true} creates one, {@code ?timeout=<s>} sets its {@code maxInactiveInterval}.
 *   <li>{@code POST login?user=<name>} logs in one of the server's users with {@code HttpServletRequest.login},
 *       in a cookie session (created first, so that every container keeps the principal in it), or answers
 *       {@code 403}.
 *   <li>{@code POST logout} logs out and invalidates the session.
 * </ul>
 *
 * <p>Kits create it; tests use {@link Visitor}.
 */
public final class SessionControl extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** Where the servlet is mapped, below the context path: {@code PATH + "/*"}. */
    public static final String PATH = "/realtime-test-kit";

    /** Called by the kits. */
    public SessionControl() {}

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!"/session".equals(request.getPathInfo())) {
            response.sendError(404);
            return;
        }
        HttpSession session = request.getSession("true".equals(request.getParameter("create")));
        if (session == null) {
            response.setStatus(204);
            return;
        }
        String timeout = request.getParameter("timeout");
        if (timeout != null) {
            session.setMaxInactiveInterval(Integer.parseInt(timeout));
        }
        Principal user = request.getUserPrincipal();
        String body = "{\"id\":\"" + session.getId() + "\",\"user\":"
                + (user == null ? "null" : '"' + user.getName() + '"') + ",\"timeout\":"
                + session.getMaxInactiveInterval() + '}';
        response.setContentType("application/json");
        response.setHeader("Cache-Control", "no-store");
        response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        switch (String.valueOf(request.getPathInfo())) {
            case "/login" -> {
                String user = request.getParameter("user");
                // A container keeps a programmatic login in the session only if there is one (Tomcat creates
                // none for it); the login then gives the session a new id, as after any login.
                request.getSession(true);
                try {
                    request.login(user, user);
                } catch (ServletException refused) {
                    response.sendError(403, "No such user: " + user);
                    return;
                }
                response.setStatus(204);
            }
            case "/logout" -> {
                try {
                    request.logout();
                } catch (ServletException ignored) {
                    // Not logged in: the session is invalidated all the same.
                }
                HttpSession session = request.getSession(false);
                if (session != null) {
                    session.invalidate();
                }
                response.setStatus(204);
            }
            default -> response.sendError(404);
        }
    }
}
