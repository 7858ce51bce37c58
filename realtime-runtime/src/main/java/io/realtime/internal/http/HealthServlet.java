package io.realtime.internal.http;

import io.realtime.internal.Json;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * Answers readiness at {@code <context>/realtime/health} when the application turns it on: {@code 200} when the node
 * is ready, {@code 503} otherwise, with the JSON the runtime gives. Cheap: it reads what the runtime last probed,
 * never the backplane. It reads the answer from a context attribute on each request, so that a registration a
 * container keeps across a restart (Jetty, see {@link RealtimeServlet}) answers for the runtime running now, and one
 * left when the setting was turned off answers {@code 404}.
 */
public final class HealthServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** The path, mapped exactly. */
    public static final String PATH = "/realtime/health";

    /** The servlet context attribute holding a {@code Supplier<Readiness>}. */
    public static final String READINESS = HealthServlet.class.getName() + ".readiness";

    /**
     * One answer.
     *
     * @param ready {@code 200} if so, else {@code 503}
     * @param json the body
     */
    public record Readiness(boolean ready, String json) {}

    /** Created by the container. */
    public HealthServlet() {}

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        answer(response, true);
    }

    @Override
    protected void doHead(HttpServletRequest request, HttpServletResponse response) throws IOException {
        answer(response, false);
    }

    private void answer(HttpServletResponse response, boolean withBody) throws IOException {
        Object supplier = getServletContext().getAttribute(READINESS);
        byte[] body;
        if (supplier instanceof Supplier<?> readiness && readiness.get() instanceof Readiness now) {
            response.setStatus(now.ready() ? HttpServletResponse.SC_OK : HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            body = now.json().getBytes(StandardCharsets.UTF_8);
        } else {
            response.setStatus(HttpServletResponse.SC_NOT_FOUND);
            body = Json.error("not_found", "The health endpoint is off");
        }
        response.setContentType("application/json");
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(body.length);
        if (withBody) {
            response.getOutputStream().write(body);
        }
    }
}
