package io.realtime.bench.server.naive;

import io.realtime.bench.server.Rooms;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One programmatic endpoint instance for every WebSocket, broadcasting to the set of open sessions of a topic on
 * the publishing thread. Public because Jetty requires endpoint classes to be; the variant creates the one
 * instance.
 */
public final class NaiveWebSockets extends Endpoint {

    private final Map<String, Set<Outlet>> topics = new ConcurrentHashMap<>();

    NaiveWebSockets() {}

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        Outlet outlet = new Outlet(outlets(Rooms.of(session)), session);
        session.getUserProperties().put(Outlet.class.getName(), outlet);
        outlet.outlets.add(outlet);
    }

    @Override
    public void onClose(Session session, CloseReason reason) {
        remove(session);
    }

    @Override
    public void onError(Session session, Throwable failure) {
        remove(session);
    }

    void broadcast(String topic, String text) {
        for (Outlet outlet : outlets(topic)) {
            outlet.send(text);
        }
    }

    int size() {
        return topics.values().stream().mapToInt(Set::size).sum();
    }

    private Set<Outlet> outlets(String topic) {
        return topics.computeIfAbsent(topic, name -> ConcurrentHashMap.newKeySet());
    }

    private static void remove(Session session) {
        if (session.getUserProperties().get(Outlet.class.getName()) instanceof Outlet outlet) {
            outlet.outlets.remove(outlet);
        }
    }

    /**
     * One session's sends: one in flight at a time, the rest queued up to a bound. A send that completes inside
     * {@code sendText} does not start the next one there, but returns to the loop in {@link #pump}, so that a
     * fast connection does not recurse once per queued message.
     */
    private static final class Outlet implements SendHandler {
        private final Set<Outlet> outlets;
        private final Session session;
        private final RemoteEndpoint.Async remote;
        private final ArrayDeque<String> queue = new ArrayDeque<>();
        private boolean sending;
        private boolean pumping;

        Outlet(Set<Outlet> outlets, Session session) {
            this.outlets = outlets;
            this.session = session;
            this.remote = session.getAsyncRemote();
        }

        void send(String text) {
            synchronized (this) {
                if (queue.size() >= NaiveVariant.QUEUE_LIMIT) {
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
                try {
                    remote.sendText(next, this);
                } catch (IllegalStateException closed) { // the client left while this send was being started
                    synchronized (this) {
                        queue.clear();
                        pumping = false;
                        sending = false;
                    }
                    outlets.remove(this);
                    return;
                }
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
