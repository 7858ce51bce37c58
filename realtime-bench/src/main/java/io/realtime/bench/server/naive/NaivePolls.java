package io.realtime.bench.server.naive;

import io.realtime.bench.server.Rooms;
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
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Long-poll: {@code GET /poll?cursor=n} answers the messages of the topic after number {@code n} at once, or holds
 * the request (25 s, a container timer each) until the next broadcast dispatches it back here to answer. The last
 * {@link #LOG} messages of each topic are kept, so nothing published between two polls of a client is lost; a
 * client further behind, or without a cursor, is answered the newest number and no messages. The answer is
 * {@code {"cursor":"n","events":[<json>,...]}}, built by each poll for itself.
 */
final class NaivePolls extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final int LOG = 1000;
    private static final long HOLD_MILLIS = 25_000;

    private final transient Map<String, Channel> topics = new ConcurrentHashMap<>();

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String answer = channel(Rooms.of(request.getPathInfo())).answerOrHold(request);
        if (answer == null) {
            return;
        }
        response.setContentType("application/json");
        response.setHeader("Cache-Control", "no-store");
        byte[] body = answer.getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    void broadcast(String topic, String json) {
        channel(topic).broadcast(json);
    }

    int waiting() {
        return topics.values().stream().mapToInt(Channel::waiting).sum();
    }

    private Channel channel(String topic) {
        return topics.computeIfAbsent(topic, name -> new Channel());
    }

    /** One topic's log and waiting polls. */
    private static final class Channel {
        private final String[] log = new String[LOG];
        private long head; // the number of the newest message
        private final Set<AsyncContext> waiting = new HashSet<>();

        /** The answer to a poll, or {@code null} when it is held. */
        synchronized String answerOrHold(HttpServletRequest request) {
            long cursor = cursor(request.getParameter("cursor"));
            if (cursor < 0 || cursor > head || cursor < head - LOG) {
                return answer(head, head);
            } else if (cursor < head) {
                return answer(cursor, head);
            }
            hold(request);
            return null;
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
            StringBuilder body =
                    new StringBuilder("{\"cursor\":\"").append(upTo).append("\",\"events\":[");
            for (long n = after + 1; n <= upTo; n++) {
                body.append(n > after + 1 ? "," : "").append(log[(int) (n % LOG)]);
            }
            return body.append("]}").toString();
        }
    }

    private static long cursor(String value) {
        try {
            return value == null ? -1 : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
