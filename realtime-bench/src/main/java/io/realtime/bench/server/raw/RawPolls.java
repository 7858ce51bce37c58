package io.realtime.bench.server.raw;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Long-poll: {@code GET /poll?cursor=n} answers the messages after number {@code n} at once, or holds the
 * request (25 s) until the next broadcast dispatches it back here to answer. The last {@link #LOG} messages are
 * kept, so nothing published between two polls of a client is lost; a client further behind, or without a
 * cursor, is answered the newest number and no messages. The answer is
 * {@code {"cursor":"n","events":[<json>,...]}}.
 */
final class RawPolls extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final int LOG = 1000;
    private static final long HOLD_MILLIS = 25_000;

    private final String[] log = new String[LOG];
    private long head; // the number of the newest message
    private final transient Set<AsyncContext> waiting = new HashSet<>();

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String answer;
        synchronized (this) {
            long cursor = cursor(request.getParameter("cursor"));
            if (cursor < 0 || cursor > head || cursor < head - LOG) {
                answer = answer(head, head);
            } else if (cursor < head) {
                answer = answer(cursor, head);
            } else {
                hold(request);
                return;
            }
        }
        response.setContentType("application/json");
        response.setHeader("Cache-Control", "no-store");
        byte[] body = answer.getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    void broadcast(String json) {
        List<AsyncContext> ready;
        synchronized (this) {
            log[(int) (++head % LOG)] = json;
            ready = new ArrayList<>(waiting);
            waiting.clear();
        }
        for (AsyncContext async : ready) {
            async.dispatch(); // back to doGet on a container thread, which now finds the message
        }
    }

    synchronized int waiting() {
        return waiting.size();
    }

    // Called with the lock held. A poll dispatched back here after a broadcast is a new request cycle: if it
    // is held again, it starts a new async cycle with its own listener.
    private void hold(HttpServletRequest request) {
        AsyncContext async = request.startAsync();
        async.setTimeout(HOLD_MILLIS);
        async.addListener(new AsyncListener() {
            @Override
            public void onTimeout(AsyncEvent event) {
                if (release(async)) {
                    ((HttpServletResponse) async.getResponse()).setStatus(204);
                    async.complete();
                }
            }

            @Override
            public void onError(AsyncEvent event) {
                release(async);
            }

            @Override
            public void onComplete(AsyncEvent event) {}

            @Override
            public void onStartAsync(AsyncEvent event) {}
        });
        waiting.add(async);
    }

    // Whoever removes a poll from the waiting set answers it: the broadcast or the end of the hold.
    private synchronized boolean release(AsyncContext async) {
        return waiting.remove(async);
    }

    private String answer(long after, long upTo) {
        StringBuilder body = new StringBuilder("{\"cursor\":\"").append(upTo).append("\",\"events\":[");
        for (long n = after + 1; n <= upTo; n++) {
            body.append(n > after + 1 ? "," : "").append(log[(int) (n % LOG)]);
        }
        return body.append("]}").toString();
    }

    private static long cursor(String value) {
        try {
            return value == null ? -1 : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
