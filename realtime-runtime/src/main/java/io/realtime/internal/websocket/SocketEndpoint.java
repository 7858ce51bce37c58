package io.realtime.internal.websocket;

import io.realtime.internal.identity.Handshake;
import io.realtime.internal.identity.Identity;
import io.realtime.internal.identity.Tab;
import io.realtime.internal.outbound.Closing;
import io.realtime.internal.outbound.Reply;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.Map;

/**
 * What every WebSocket of the runtime does, whatever it carries (a {@code @Duplex} route's connection, or a shared
 * connection): the socket's liveness, its single writer ({@link WebSocketConnection}), its inbound messages joined
 * under the size limit ({@link MessageParts}) and handled in turn ({@link Inbox}), and the client's identity, admitted
 * before anything else runs (docs/protocol.md, "Identity").
 *
 * <p>Public only because some containers call {@code onOpen}, {@code onClose} and {@code onError} reflectively
 * through the class that declares them: GlassFish's Tyrus refuses a method declared by a class that is not public,
 * and the socket then never opens. Its constructor stays package-private.
 */
public abstract class SocketEndpoint extends Endpoint {

    private static final System.Logger LOG = System.getLogger(SocketEndpoint.class.getName());

    final WebSocketServices services;
    final MessageParts parts;
    private final SocketDrain sockets;
    WebSocketConnection connection;
    Inbox inbox;
    Handshake handshake;
    Tab tab;
    Map<String, String> path;

    SocketEndpoint(WebSocketServices services, SocketDrain sockets) {
        this.services = services;
        this.sockets = sockets;
        this.parts = new MessageParts(services.maxMessageSize());
    }

    /** The connection is open and its client admitted: start what it carries. On the container's thread. */
    abstract void opened();

    /** A whole text message arrived. Confined, as every message, to the container's delivery of this socket's. */
    abstract void text(String message);

    /** A part of a binary message arrived. */
    abstract void binary(ByteBuffer part, boolean last);

    @Override
    public final void onOpen(Session socket, EndpointConfig config) {
        sockets.opened(socket);
        handshake = (Handshake) config.getUserProperties().get(DuplexConfigurator.HANDSHAKE);
        path = DuplexConfigurator.pathParameters(config.getUserProperties());
        // Our pings keep a live connection busy, so the container's timeout only ends connections whose writes hang.
        if (!racesItsIdleTimeout(socket)) {
            socket.setMaxIdleTimeout(
                    services.idleTimeout().plus(services.heartbeat()).toMillis());
        }
        connection = new WebSocketConnection(
                services.outbound(), describe(), socket, services.idleTimeout().toNanos(), services.scheduler());
        inbox = new Inbox(services.workers(), services.scheduler(), services.inboundQueue());
        connection.onClose(inbox::close);
        socket.addMessageHandler(String.class, (MessageHandler.Partial<String>) this::onText);
        // Registered for every mode: containers differ on binary frames nobody handles (Tomcat closes, Jetty drops).
        socket.addMessageHandler(ByteBuffer.class, (MessageHandler.Partial<ByteBuffer>) (part, last) -> {
            connection.heard();
            binary(part, last);
        });
        socket.addMessageHandler(PongMessage.class, (MessageHandler.Whole<PongMessage>) pong -> connection.heard());
        connection.open();
        if (handshake == null || path == null) {
            connection.close(new Closing(Closing.Kind.END, 1011, "handshake not recorded"));
            return;
        }
        if (admit()) {
            opened();
        }
    }

    /**
     * Whether setting the socket's idle timeout now could close it at once. Tyrus (GlassFish) schedules its idle check
     * when it creates a session, with no delay when the timeout is unlimited ({@code 0}); the check closes the socket
     * if, when it runs, the timeout is above zero. Setting one in {@code onOpen} races that check and sometimes loses,
     * closing a new socket "because of the idle timeout". There the socket keeps the container's unlimited timeout; the
     * runtime's pings still close a connection whose client answers none of them for the idle timeout.
     */
    private static boolean racesItsIdleTimeout(Session socket) {
        return socket.getMaxIdleTimeout() == 0 && socket.getClass().getName().startsWith("org.glassfish.tyrus.");
    }

    @Override
    public final void onClose(Session socket, CloseReason reason) {
        sockets.closed(socket);
        if (connection != null) {
            connection.ended();
        }
    }

    @Override
    public final void onError(Session socket, Throwable failure) {
        LOG.log(Level.DEBUG, "WebSocket failed", failure);
        sockets.closed(socket);
        if (connection != null) {
            connection.ended();
        }
    }

    /**
     * Admits the client's identity (docs/protocol.md, "Identity"). A refused token closes the connection with
     * {@code 1008} before anything else runs, so nothing is left of it; otherwise the connection holds its tab,
     * and the end of its cookie session closes it with {@code 1008} too.
     *
     * @return whether the connection goes on
     */
    private boolean admit() {
        Identity.Admission admission = services.identity().admit(handshake, "WebSocket " + describe());
        if (admission instanceof Identity.Refused refused) {
            inbox.close();
            services.outbound().metrics().refused(refused.code());
            answer(new Reply.Error(null, refused.code(), refused.message(), refused.status()));
            connection.close(new Closing(Closing.Kind.END, refused.closeCode(), refused.code()));
            return false;
        }
        tab = ((Identity.Admitted) admission).tab();
        // At once, on the thread that ends the session: Tomcat's own session listener (added by WsSci, before the
        // runtime's, so called after it: Tomcat calls sessionDestroyed in reverse order of registration) closes
        // the WebSockets of a logged-in session with a reason of its own, and the first close frame is the one the
        // client hears (docs/containers.md).
        connection.onClose(tab.hold(() -> connection.closeNow(Closing.SESSION_ENDED)));
        return true;
    }

    /** @return what the socket serves, for the log: its path template */
    abstract String describe();

    private void onText(String part, boolean last) {
        connection.heard();
        String message = parts.text(part, last);
        if (parts.oversize()) {
            connection.close(WebSocketConnection.TOO_BIG);
        }
        if (message != null) {
            text(message);
        }
    }

    /** Queues a reply, if the message gets one, behind what the connection already sends. */
    final void answer(Reply reply) {
        if (reply != null) {
            connection.offer(reply);
        }
    }

    /** Queues a message's reply, if it gets one, and frees its place in the backlog. */
    final void answerAndCount(Reply reply) {
        answer(reply);
        inbox.done();
    }
}
