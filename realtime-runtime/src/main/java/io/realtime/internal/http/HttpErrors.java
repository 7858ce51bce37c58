package io.realtime.internal.http;

import io.realtime.internal.Failure;
import io.realtime.internal.Json;
import io.realtime.internal.metrics.Metrics;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Every HTTP error the runtime answers: a status and {@code {"error":{"code","message"}}} (docs/protocol.md). */
public final class HttpErrors {

    private HttpErrors() {}

    /**
     * Answers with an error, unless the response is already committed.
     *
     * @param response the response
     * @param status the HTTP status
     * @param code the machine-readable code
     * @param message the human-readable message; never a secret or a stack trace
     */
    public static void send(HttpServletResponse response, int status, String code, String message) {
        if (response.isCommitted()) {
            return;
        }
        try {
            response.resetBuffer();
            response.setStatus(status);
            response.setContentType("application/json");
            response.setHeader("Cache-Control", "no-store");
            byte[] body = Json.error(code, message);
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
        } catch (IOException | IllegalStateException gone) {
            // The client left; nothing to tell.
        }
    }

    /**
     * Answers with an error as {@link #send(HttpServletResponse, int, String, String)} does, and counts it as a
     * refusal.
     */
    public static void send(Metrics metrics, HttpServletResponse response, int status, String code, String message) {
        metrics.refused(code);
        send(response, status, code, message);
    }

    /** Answers {@code failure} and counts it as a refusal. */
    public static void send(Metrics metrics, HttpServletResponse response, Failure failure) {
        send(metrics, response, failure.status(), failure.code(), failure.message());
    }

    public static void send(HttpServletResponse response, Failure failure) {
        send(response, failure.status(), failure.code(), failure.message());
    }
}
