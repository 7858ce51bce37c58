package io.realtime.bench.server.strong;

import io.realtime.bench.server.Rooms;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Long-poll: {@code GET /poll?cursor=n} answers every message of the topic after {@code n} the ring holds, at
 * once, or holds the request until the next publish. A publish gives every poll waiting at the head the same
 * pre-encoded answer ({@link Frame#answer()}) and dispatches it back here, where a container thread writes it; the
 * variant's one coarse timer answers {@code 204} to holds that have lasted 25 s. A poll without a cursor, or with
 * one the ring no longer holds, is answered the head and no messages.
 */
final class StrongPolls extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** The answer to a hold that ended with nothing: {@code 204}. */
    static final byte[] NOTHING = new byte[0];

    private static final String ANSWER = StrongPolls.class.getName() + ".answer";

    private final transient Channels channels;

    StrongPolls(Channels channels) {
        this.channels = channels;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        byte[] answer = (byte[]) request.getAttribute(ANSWER);
        if (answer == null) {
            Channel channel = channels.of(Rooms.of(request.getPathInfo()));
            long cursor = cursor(request.getParameter("cursor"));
            answer = channel.ring.answer(cursor);
            if (answer == null) {
                if (channel.hold(request, cursor)) {
                    return;
                }
                answer = channel.ring.answer(cursor);
            }
        }
        response.setHeader("Cache-Control", "no-store");
        if (answer == NOTHING) {
            response.setStatus(204);
            return;
        }
        response.setContentType("application/json");
        response.setContentLength(answer.length);
        response.getOutputStream().write(answer);
    }

    /** Hands a held poll its answer and dispatches it to a container thread, which writes it. */
    static void answer(AsyncContext async, byte[] answer) {
        try {
            async.getRequest().setAttribute(ANSWER, answer);
            async.dispatch();
        } catch (IllegalStateException e) {
            // the client left and the container has completed the request
        }
    }

    /** A cursor or last event id: the offset, or -1 when absent or malformed. */
    static long cursor(String value) {
        if (value == null || value.isEmpty()) {
            return -1;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
