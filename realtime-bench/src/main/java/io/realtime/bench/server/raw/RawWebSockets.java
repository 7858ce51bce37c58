package io.realtime.bench.server.raw;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One programmatic endpoint instance for every WebSocket, broadcasting to the set of open sessions. Public because
 * Jetty requires endpoint classes to be; the variant creates the one instance.
 */
public final class RawWebSockets extends Endpoint {

    private final Set<Outlet> outlets = ConcurrentHashMap.newKeySet();

    RawWebSockets() {}

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        Outlet outlet = new Outlet(session);
        session.getUserProperties().put(Outlet.class.getName(), outlet);
        outlets.add(outlet);
    }

    @Override
    public void onClose(Session session, CloseReason reason) {
        outlets.remove((Outlet) session.getUserProperties().get(Outlet.class.getName()));
    }

    @Override
    public void onError(Session session, Throwable failure) {
        outlets.remove((Outlet) session.getUserProperties().get(Outlet.class.getName()));
    }

    void broadcast(String text) {
        for (Outlet outlet : outlets) {
            outlet.send(text);
        }
    }

    int size() {
        return outlets.size();
    }

    /**
     * One session's sends: one in flight at a time, the rest queued up to a bound. A send that completes inside
     * {@code sendText} does not start the next one there, but returns to the loop in {@link #pump}, so that a
     * fast connection does not recurse once per queued message.
     */
    private final class Outlet implements SendHandler {
        private final Session session;
        private final RemoteEndpoint.Async remote;
        private final ArrayDeque<String> queue = new ArrayDeque<>();
        private boolean sending;
        private boolean pumping;

        Outlet(Session session) {
            this.session = session;
            this.remote = session.getAsyncRemote();
        }

        void send(String text) {
            synchronized (this) {
                if (queue.size() >= RawVariant.QUEUE_LIMIT) {
                    queue.clear();
                    drop();
                    return;
                }
                queue.add(text);
                if (sending) {
                    return;
                }
                sending = true;
            }
            pump();
        }

        @Override
        public void onResult(SendResult result) {
            if (!result.isOK()) {
                drop();
                return;
            }
            synchronized (this) {
                if (pumping) {
                    pumping = false; // completed inside sendText: the loop below goes on
                    return;
                }
            }
            pump();
        }

        private void pump() {
            while (true) {
                String next;
                synchronized (this) {
                    next = queue.poll();
                    if (next == null) {
                        sending = false;
                        return;
                    }
                    pumping = true;
                }
                remote.sendText(next, this);
                synchronized (this) {
                    if (pumping) {
                        pumping = false; // still in flight: onResult continues
                        return;
                    }
                }
            }
        }

        private void drop() {
            outlets.remove(this);
            try {
                session.close(new CloseReason(CloseReason.CloseCodes.TRY_AGAIN_LATER, "too slow"));
            } catch (IOException | RuntimeException e) {
                // already closing
            }
        }
    }
}
