package io.realtime.internal.websocket;

import jakarta.websocket.Session;
import java.lang.System.Logger.Level;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * Ends a WebSocket's connection without a closing handshake, for a socket whose close frame cannot be written: it
 * waits behind a message the client does not read, and the Jakarta API has no way to drop that message. Left to the
 * container, such a connection lives until its idle timeout, which the runtime's pings keep long, holding its
 * buffers and the message it could not send.
 *
 * <p>The runtime has no compile-time dependency on any container, so each container's own abort is reached by name,
 * once its session class is recognised:
 * <ul>
 *   <li>Jetty 12: its Jakarta session's public {@code abort()} closes the endpoint at once.
 *   <li>Undertow (and WildFly): its session's public {@code forceClose()} closes the channel at once.
 * </ul>
 * Tomcat needs none: it gives up a close frame it cannot send, and closes the socket itself.
 * Elsewhere nothing happens, and the container's idle timeout ends the connection.
 *
 * <p>Threading: any thread. Never blocks; never throws.
 */
final class SocketAbort {

    private static final System.Logger LOG = System.getLogger(SocketAbort.class.getName());

    private SocketAbort() {}

    /**
     * Whether the container reports {@code socket} closed ({@code onClose}) as soon as a close starts, before its close
     * frame is written (Undertow), so that the report says nothing of the connection.
     */
    static boolean reportsCloseEarly(Session socket) {
        return socket.getClass().getName().startsWith("io.undertow.websockets.");
    }

    /** Aborts {@code socket}'s connection, if its container offers a way; otherwise leaves it to the container. */
    static void abort(Session socket) {
        Class<?> type = socket.getClass();
        String name = type.getName();
        String method = name.startsWith("org.eclipse.jetty.")
                ? "abort"
                : name.startsWith("io.undertow.websockets.") ? "forceClose" : null;
        if (method == null) {
            return;
        }
        try {
            Method abort = type.getMethod(method);
            abort.invoke(socket);
        } catch (NoSuchMethodException | IllegalAccessException | InvocationTargetException | RuntimeException e) {
            LOG.log(Level.DEBUG, "Aborting a WebSocket failed; the container's idle timeout will end it", e);
        }
    }
}
