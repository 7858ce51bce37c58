package io.realtime.internal.websocket;

import io.realtime.internal.RealtimeRuntime;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.websocket.Session;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The application's open WebSocket sessions, so that stopping it waits, briefly, for their closing handshakes.
 * The runtime closes every connection with {@code 1001} when the context is destroyed, but a close frame is sent
 * asynchronously; were the container to tear the connections down at once, clients would see an abnormal
 * {@code 1006} instead of "reconnect" (docs/protocol.md, "Close codes"). Listeners are told of the context's end
 * in reverse order of registration, so this one, registered before the runtime's, runs after the runtime closed;
 * when the runtime stops earlier, as its servlet is destroyed, it waits there as well ({@link RealtimeRuntime#stop()}).
 */
final class SessionDrain implements ServletContextListener {

    private static final long WAIT_NANOS = 2_000_000_000L;

    private final Set<Session> open = ConcurrentHashMap.newKeySet();

    void opened(Session session) {
        open.add(session);
    }

    void closed(Session session) {
        open.remove(session);
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        awaitClosed();
    }

    /** Waits, up to 2 s, until every open session has completed its closing handshake. */
    void awaitClosed() {
        long deadline = System.nanoTime() + WAIT_NANOS;
        while (!open.isEmpty() && System.nanoTime() < deadline) {
            open.removeIf(session -> !session.isOpen());
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
