package io.realtime.internal.websocket;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.websocket.Session;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The application's open WebSockets, so that stopping it waits, briefly, for their closing handshakes.
 * The runtime closes every connection with {@code 1001} when the context is destroyed, but a close frame is sent
 * asynchronously; were the container to tear the connections down at once, clients would see an abnormal
 * {@code 1006} instead of "reconnect" (docs/protocol.md, "Close codes"). Listeners are told of the context's end
 * in reverse order of registration, so this one, registered before the runtime's, runs after the runtime closed.
 */
final class SocketDrain implements ServletContextListener {

    private static final long WAIT_NANOS = 2_000_000_000L;

    private final Set<Session> open = ConcurrentHashMap.newKeySet();

    void opened(Session socket) {
        open.add(socket);
    }

    void closed(Session socket) {
        open.remove(socket);
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        long deadline = System.nanoTime() + WAIT_NANOS;
        while (!open.isEmpty() && System.nanoTime() < deadline) {
            open.removeIf(socket -> !socket.isOpen());
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
