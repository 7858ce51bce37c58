package io.realtime.internal.websocket;

import jakarta.websocket.Session;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The application's open WebSockets, so that stopping it waits, briefly, for their closing handshakes.
 * The runtime closes every connection with {@code 1001} when the application stops, but a close frame is sent
 * asynchronously; were the container to tear the connections down at once, or close them itself as it ends the
 * application's sessions (Undertow), clients would see an abnormal {@code 1006} or another code instead of
 * "reconnect" (docs/protocol.md, "Close codes"). The wait is the runtime's last step as it stops, wherever the stop
 * comes from ({@link WebSocketEndpoints#install}).
 */
final class SocketDrain {

    private static final long WAIT_NANOS = 2_000_000_000L;

    private final Set<Session> open = ConcurrentHashMap.newKeySet();

    void opened(Session socket) {
        open.add(socket);
    }

    void closed(Session socket) {
        open.remove(socket);
    }

    /** Waits, up to 2 s, until every open WebSocket has completed its closing handshake. */
    void awaitClosed() {
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
