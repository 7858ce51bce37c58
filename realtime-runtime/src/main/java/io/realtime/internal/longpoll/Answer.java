package io.realtime.internal.longpoll;

import io.realtime.internal.Failure;
import io.realtime.internal.Json;
import java.nio.charset.StandardCharsets;

/**
 * The one response a poll gets (docs/protocol.md, "Long-poll"). Every answer carries
 * {@code Cache-Control: no-store}; a body is always JSON.
 *
 * @param status the HTTP status
 * @param body the JSON body, or {@code null} for none
 * @param etag the {@code ETag} of a short poll's value, or {@code null}
 * @param retryAfter the {@code Retry-After} seconds, or {@code null}
 */
record Answer(int status, byte[] body, String etag, String retryAfter) {

    /** The hold ended with nothing new: ask again with the same cursor. */
    static final Answer NO_CONTENT = new Answer(204, null, null, null);

    /** The application is stopping: ask again after a pause, with the same cursor. */
    static final Answer GOING_AWAY = new Answer(204, null, null, "1");

    /** The cookie session ended (logout, timeout): drop the tab token and negotiate again. */
    static final Answer SESSION_ENDED =
            new Answer(401, Json.error("session_ended", "The HTTP session has ended"), null, null);

    static Answer json(byte[] body) {
        return new Answer(200, body, null, null);
    }

    static Answer value(byte[] body, String etag) {
        return new Answer(200, body, etag, null);
    }

    static Answer notModified(String etag) {
        return new Answer(304, null, etag, null);
    }

    static Answer error(Failure failure) {
        return new Answer(failure.status(), Json.error(failure.code(), failure.message()), null, null);
    }

    static Answer overloaded() {
        return new Answer(503, Json.error("overloaded", "The server is busy; retry shortly"), null, "1");
    }

    static Answer tooMany(String message) {
        return new Answer(429, Json.error("too_many_polls", message), null, "1");
    }

    @Override
    public String toString() {
        return "Answer[" + status + (body == null ? "" : ' ' + new String(body, StandardCharsets.UTF_8)) + ']';
    }
}
