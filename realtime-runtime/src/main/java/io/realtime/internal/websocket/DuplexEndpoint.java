package io.realtime.internal.websocket;

import io.realtime.RealtimeException;
import io.realtime.internal.Failure;
import io.realtime.internal.duplex.Conversation;
import io.realtime.internal.endpoint.Call;
import io.realtime.internal.endpoint.Route;
import io.realtime.internal.outbound.Closing;
import io.realtime.internal.outbound.Reply;
import io.realtime.internal.topic.Cursor;
import java.nio.ByteBuffer;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One WebSocket connection to a {@code @Duplex} route, created by the container for each handshake. Inbound
 * messages are joined under the size limit ({@link MessageParts}), then handled in order by the connection's
 * {@link Inbox}; everything outbound goes through its {@link WebSocketConnection}. Public only because the
 * container is handed its class as the endpoint's (Jakarta WebSocket 2.1 §3.1.1); its instances come from
 * {@link DuplexConfigurator}.
 */
public final class DuplexEndpoint extends SocketEndpoint {

    /** How long topic delivery waits for a first frame that may name the client's cursor. */
    static final long RESUME_GRACE_MILLIS = 1000;

    /** RFC 6455 §7.4.1: "a type of data it cannot accept (e.g., an endpoint that understands only text data". */
    static final Closing BINARY_REFUSED = new Closing(Closing.Kind.ABORT, 1003, "binary messages not accepted");

    static final String LATE_RESUME = "The cursor was settled before this resume frame (by lastEventId in the URL,"
            + " or a second without a first frame); reconnect with the cursor in one place";

    private final Route route;
    private final Conversation conversation;
    private Resume resume;

    private boolean first = true; // confined to the container's delivery of this socket's messages

    DuplexEndpoint(WebSocketServices services, Route route, Conversation conversation, SocketDrain sockets) {
        super(services, sockets);
        this.route = route;
        this.conversation = conversation;
    }

    @Override
    String describe() {
        return route.path().toString();
    }

    @Override
    void opened() {
        resume = new Resume(connection);
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

    private void openConnectionMethod() {
        try {
            if (route.main().requiresPrincipal() && tab.user().isEmpty()) {
                throw RealtimeException.of(401, "unauthenticated", "This endpoint requires an authenticated user");
            }
            services.downstream().connect(route, new Call(path, tab), connection, resume::follow);
        } catch (Exception | Error e) {
            refuse(e);
        }
    }

    /**
     * Refused: no message of this connection is handled; the client hears why, then a close code that says whether
     * to come back (docs/protocol.md, "Close codes").
     */
    private void refuse(Throwable e) {
        inbox.close();
        Failure failure = Failure.of(e, route.main());
        services.outbound().metrics().refused(failure.code());
        answer(new Reply.Error(null, failure.code(), failure.message(), failure.status()));
        connection.close(new Closing(Closing.Kind.END, failure.status() < 500 ? 1008 : 1011, failure.code()));
    }

    @Override
    void text(String message) {
        if (resume == null) {
            return; // the client was refused: nothing of it is handled
        }
        if (first) {
            first = false;
            String cursor = conversation.resumeFrame(message);
            if (cursor != null) {
                try {
                    if (!resume.decide(Cursor.given(cursor))) {
                        // Ignoring it would leave the client believing it resumed from its cursor (W10).
                        answer(new Reply.Error(null, "bad_message", LATE_RESUME, 400));
                    }
                } catch (RuntimeException unresolved) {
                    refuse(unresolved); // the backplane could not say where the cursor is: come back with it
                }
                return;
            }
            resume.decide(null);
        }
        Runnable handle = () -> conversation.text(message, path, tab, this::answerAndCount);
        if (!inbox.offer(handle)) {
            answer(conversation.refuse(message, 503, "overloaded", "Too many messages are waiting; send again later"));
        }
    }

    @Override
    void binary(ByteBuffer part, boolean last) {
        if (conversation.mode() != Conversation.Mode.BINARY) {
            connection.close(BINARY_REFUSED);
            return;
        }
        byte[] message = parts.binary(part, last);
        if (parts.oversize()) {
            connection.close(WebSocketConnection.TOO_BIG);
        }
        if (message == null || resume == null) {
            return;
        }
        if (first) {
            first = false;
            resume.decide(null);
        }
        Runnable handle = () -> conversation.binary(message, path, tab, this::answerAndCount);
        if (!inbox.offer(handle)) {
            answer(conversation.refuse(null, 503, "overloaded", "Too many messages are waiting; send again later"));
        }
    }
}
