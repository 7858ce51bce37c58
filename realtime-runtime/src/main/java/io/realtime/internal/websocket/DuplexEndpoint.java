package io.realtime.internal.websocket;

import io.realtime.RealtimeException;
import io.realtime.internal.Failure;
import io.realtime.internal.duplex.Conversation;
import io.realtime.internal.endpoint.Call;
import io.realtime.internal.endpoint.Route;
import io.realtime.internal.identity.Handshake;
import io.realtime.internal.identity.Identity;
import io.realtime.internal.identity.Tab;
import io.realtime.internal.outbound.Closing;
import io.realtime.internal.outbound.Reply;
import io.realtime.internal.topic.Cursor;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One WebSocket connection to a {@code @Duplex} route, created by the container for each handshake. Inbound
 * messages are joined under the size limit ({@link MessageParts}), then handled in order by the connection's
 * {@link Inbox}; everything outbound goes through its {@link WebSocketConnection}. Public only because the
 * container is handed its class as the endpoint's (Jakarta WebSocket 2.1 §3.1.1); its instances come from
 * {@link DuplexConfigurator}.
 */
public final class DuplexEndpoint extends Endpoint {

    /** How long topic delivery waits for a first frame that may name the client's cursor. */
    static final long RESUME_GRACE_MILLIS = 1000;

    /** RFC 6455 §7.4.1: "a type of data it cannot accept (e.g., an endpoint that understands only text data". */
    static final Closing BINARY_REFUSED = new Closing(Closing.Kind.ABORT, 1003, "binary messages not accepted");

    private static final System.Logger LOG = System.getLogger(DuplexEndpoint.class.getName());

    private final WebSocketServices services;
    private final Route route;
    private final Conversation conversation;
    private final SocketDrain sockets;
    private final MessageParts parts;
    private WebSocketConnection connection;
    private Inbox inbox;
    private Resume resume;
    private Handshake handshake;
    private Tab tab;
    private Map<String, String> path;

    private boolean first = true; // confined to the container's delivery of this socket's messages

    DuplexEndpoint(WebSocketServices services, Route route, Conversation conversation, SocketDrain sockets) {
        this.services = services;
        this.route = route;
        this.conversation = conversation;
        this.sockets = sockets;
        this.parts = new MessageParts(services.maxMessageSize());
    }

    @Override
    public void onOpen(Session socket, EndpointConfig config) {
        sockets.opened(socket);
        handshake = (Handshake) config.getUserProperties().get(DuplexConfigurator.HANDSHAKE);
        path = DuplexConfigurator.pathParameters(config.getUserProperties());
        // Our pings keep a live connection busy, so the container's timeout only ends connections whose writes hang.
        socket.setMaxIdleTimeout(
                services.idleTimeout().plus(services.heartbeat()).toMillis());
        connection = new WebSocketConnection(
                services.outbound(),
                route.path().toString(),
                socket,
                services.idleTimeout().toNanos());
        inbox = new Inbox(services.workers(), services.scheduler(), services.inboundQueue());
        resume = new Resume(connection);
        connection.onClose(inbox::close);
        socket.addMessageHandler(String.class, (MessageHandler.Partial<String>) this::onText);
        // Registered for every mode: containers differ on binary frames nobody handles (Tomcat closes, Jetty drops).
        socket.addMessageHandler(ByteBuffer.class, (MessageHandler.Partial<ByteBuffer>) this::onBinary);
        socket.addMessageHandler(PongMessage.class, (MessageHandler.Whole<PongMessage>) pong -> connection.heard());
        connection.open();
        if (handshake == null || path == null) {
            connection.close(new Closing(Closing.Kind.END, 1011, "handshake not recorded"));
            return;
        }
        if (!admit()) {
            return;
        }
        if (route.main() != null) {
            // Decided before the connection method runs, so that a topic it subscribes to starts at once, in the
            // order of what the method sends (docs/protocol.md, "Resuming").
            if (handshake.query().containsKey("lastEventId")) {
                resume.decide(Cursor.given(handshake.query().get("lastEventId")));
            } else {
                try {
                    services.scheduler()
                            .schedule(() -> resume.decide(null), RESUME_GRACE_MILLIS, TimeUnit.MILLISECONDS);
                } catch (RejectedExecutionException stopping) {
                    connection.close(Closing.SHUTDOWN);
                }
            }
            inbox.first(this::openConnectionMethod);
        }
    }

    @Override
    public void onClose(Session socket, CloseReason reason) {
        sockets.closed(socket);
        if (connection != null) {
            connection.peerGone();
        }
    }

    @Override
    public void onError(Session socket, Throwable failure) {
        LOG.log(Level.DEBUG, "WebSocket failed", failure);
        sockets.closed(socket);
        if (connection != null) {
            connection.peerGone();
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
        Identity.Admission admission = services.identity().admit(handshake, "WebSocket " + route.path());
        if (admission instanceof Identity.Refused refused) {
            inbox.close();
            answer(new Reply.Error(null, refused.code(), refused.message()));
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

    private void openConnectionMethod() {
        try {
            if (route.main().requiresPrincipal() && tab.user().isEmpty()) {
                throw RealtimeException.of(401, "unauthenticated", "This endpoint requires an authenticated user");
            }
            services.downstream().connect(route, new Call(path, tab), connection, resume::follow);
        } catch (Exception | Error e) {
            // Refused: no message of this connection is handled; the client hears why, then a close code that
            // says whether to come back (docs/protocol.md, "Close codes").
            inbox.close();
            Failure failure = Failure.of(e, route.main());
            answer(new Reply.Error(null, failure.code(), failure.message()));
            connection.close(new Closing(Closing.Kind.END, failure.status() < 500 ? 1008 : 1011, failure.code()));
        }
    }

    private void onText(String part, boolean last) {
        connection.heard();
        String message = parts.text(part, last);
        if (parts.oversize()) {
            connection.close(WebSocketConnection.TOO_BIG);
        }
        if (message == null) {
            return;
        }
        if (first) {
            first = false;
            String cursor = conversation.resumeFrame(message);
            if (cursor != null) {
                resume.decide(Cursor.given(cursor));
                return;
            }
            resume.decide(null);
        }
        Runnable handle = () -> conversation.text(message, path, tab, this::answerAndCount);
        if (!inbox.offer(handle)) {
            answer(conversation.refuse(message, "overloaded", "Too many messages are waiting; send again later"));
        }
    }

    private void onBinary(ByteBuffer part, boolean last) {
        connection.heard();
        if (conversation.mode() != Conversation.Mode.BINARY) {
            connection.close(BINARY_REFUSED);
            return;
        }
        byte[] message = parts.binary(part, last);
        if (parts.oversize()) {
            connection.close(WebSocketConnection.TOO_BIG);
        }
        if (message == null) {
            return;
        }
        if (first) {
            first = false;
            resume.decide(null);
        }
        Runnable handle = () -> conversation.binary(message, path, tab, this::answerAndCount);
        if (!inbox.offer(handle)) {
            answer(conversation.refuse(null, "overloaded", "Too many messages are waiting; send again later"));
        }
    }

    private void answerAndCount(Reply reply) {
        answer(reply);
        inbox.done();
    }

    /** Queues a reply, if the message gets one, behind what the connection already sends. */
    private void answer(Reply reply) {
        if (reply != null) {
            connection.offer(reply);
        }
    }
}
