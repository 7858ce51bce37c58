package io.realtime.samples;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.realtime.RealtimeException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * The samples' own JSON API ({@code /api/...} servlets): reads a bounded JSON body, writes JSON answers, and
 * answers bad input with a status and {@code {"error":{"code","message"}}}, as the realtime endpoints do.
 *
 * <p>A body must be sent as {@code application/json}: a form on another site cannot send that type without a
 * CORS preflight, which these servlets never grant, so a {@code POST} cannot be forged from elsewhere.
 */
public final class JsonApi {

    /** The largest body accepted, in bytes. */
    public static final int MAX_BODY = 4096;

    private static final ObjectMapper MAPPER =
            new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private JsonApi() {}

    /** Bad input, answered with {@link #status()} and a JSON error body. */
    public static final class Refusal extends Exception {
        private static final long serialVersionUID = 1L;
        private final int status;
        private final String code;

        /**
         * @param status the HTTP status
         * @param code the machine-readable code
         * @param message what the client did wrong
         */
        public Refusal(int status, String code, String message) {
            super(message, null, false, false);
            this.status = status;
            this.code = code;
        }

        /** @return the HTTP status */
        public int status() {
            return status;
        }
    }

    /**
     * Reads the request's JSON body into {@code type}.
     *
     * @throws Refusal {@code 415} for another content type, {@code 413} past {@link #MAX_BODY}, {@code 400} for
     *     a body that is not JSON of that shape
     */
    public static <T> T read(HttpServletRequest request, Class<T> type) throws Refusal, IOException {
        requireJson(request);
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(MAX_BODY + 1);
        }
        if (body.length > MAX_BODY) {
            throw new Refusal(413, "too_large", "The body exceeds " + MAX_BODY + " bytes");
        }
        try {
            T value = MAPPER.readValue(body, type);
            if (value == null) {
                throw new Refusal(400, "bad_request", "The body must be a JSON object");
            }
            return value;
        } catch (JsonProcessingException e) {
            throw new Refusal(400, "bad_request", "The body is not a JSON object of the expected shape");
        }
    }

    /**
     * Checks that the request declares a JSON body, the defence against cross-site forms described above.
     *
     * @throws Refusal {@code 415} for another content type
     */
    public static void requireJson(HttpServletRequest request) throws Refusal {
        String contentType = request.getContentType();
        if (contentType == null || !contentType.regionMatches(true, 0, "application/json", 0, 16)) {
            throw new Refusal(415, "unsupported_media_type", "Send the body as application/json");
        }
    }

    /** Answers with {@code status} and {@code body} as JSON, never cached. */
    public static void write(HttpServletResponse response, int status, Object body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setHeader("Cache-Control", "no-store");
        MAPPER.writeValue(response.getOutputStream(), body);
    }

    /**
     * Answers what the realtime runtime refused (a full topic registry, a backplane that failed) as the runtime's
     * own endpoints do: its status, code and message, with {@code Retry-After} when the client may come back.
     */
    public static void refuse(HttpServletResponse response, RealtimeException refused) throws IOException {
        if (refused.status() == 503 || refused.status() == 429) {
            response.setHeader("Retry-After", "1");
        }
        refuse(response, new Refusal(refused.status(), refused.code(), String.valueOf(refused.getMessage())));
    }

    /** Answers a refusal: its status and {@code {"error":{"code","message"}}}. */
    public static void refuse(HttpServletResponse response, Refusal refusal) throws IOException {
        write(response, refusal.status, Map.of("error", Map.of("code", refusal.code, "message", refusal.getMessage())));
    }
}
