package io.realtime.internal.websocket;

import io.realtime.internal.Json;
import io.realtime.internal.Transport;
import io.realtime.internal.duplex.Frames;
import io.realtime.internal.outbound.Closing;
import io.realtime.internal.outbound.Message;
import io.realtime.internal.outbound.Outbound;
import io.realtime.internal.outbound.OutboundServices;
import io.realtime.internal.outbound.Reply;
import io.realtime.internal.topic.LogEvent;
import jakarta.websocket.CloseReason;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The outbound half of one WebSocket: every frame is one text message sent with the container's asynchronous
 * API, and the next is not sent before the previous one completed. Containers differ here (Tomcat throws on a
 * second send in flight, Jetty queues without bound), so the single writer and the bounded queue of
 * {@link Outbound} are the only queue (design §7).
 */
final class WebSocketConnection extends Outbound implements SendHandler {

    static final Closing TOO_BIG = new Closing(Closing.Kind.ABORT, 1009, "message too big");
    static final Closing IDLE = new Closing(Closing.Kind.ABORT, 1001, "idle timeout; reconnect");

    private static final ByteBuffer NO_DATA = ByteBuffer.allocate(0);

    /**
     * How long a close frame may take, counted from the close: one that waits behind a message the client does not
     * read is never written, and the connection is then aborted ({@link SocketAbort}). Short, because by then the
     * client has already had the stall timeout to read; a client that does read meanwhile hears the close code.
     */
    private static final long ABORT_GRACE_MILLIS = 3_000;

    private final Session socket;
    private final RemoteEndpoint.Async remote;
    private final long idleNanos;
    private final ScheduledExecutorService scheduler;
    private volatile boolean sending;
    private volatile boolean ended; // the container reported the socket closed
    private volatile long unansweredSince; // the first ping the client has not answered, 0 once it spoke

    /** @param endpoint the path template of the endpoint it serves, or of the shared connections', for metrics */
    WebSocketConnection(
            OutboundServices services,
            String endpoint,
            Session socket,
            long idleNanos,
            ScheduledExecutorService scheduler) {
        super(services, Transport.WEBSOCKET, endpoint);
        this.socket = socket;
        this.remote = socket.getAsyncRemote();
        this.idleNanos = idleNanos;
        this.scheduler = scheduler;
    }

    /** The container reports the socket closed (its closing handshake done, or the connection lost). Any thread. */
    void ended() {
        ended = true;
        peerGone();
    }

    /** The client sent something (a message, a pong): it is alive. Called on a container thread. */
    void heard() {
        unansweredSince = 0;
    }

    @Override
    protected boolean ready() {
        return !sending;
    }

    @Override
    protected void openTransport() {}

    @Override
    protected void writeEvent(String sub, LogEvent event) throws IOException {
        send(Json.tagged(sub, event.jsonText(Frames::event)));
    }

    @Override
    protected void writeMessage(Message message) throws IOException {
        send(Frames.message(message));
    }

    @Override
    protected void writeReply(Reply reply) throws IOException {
        send(Frames.reply(reply));
    }

    @Override
    protected void writeReset(String sub, String cursor) throws IOException {
        send(Frames.reset(sub, cursor));
    }

    @Override
    protected void writeStart(String cursor) throws IOException {
        send(Frames.start(cursor));
    }

    /**
     * Pings, and closes a client that has answered none of the pings of the last idle timeout: browsers answer
     * pings by themselves (RFC 6455 §5.5.2), so silence means the client has gone without closing.
     */
    @Override
    protected void writeHeartbeat() throws IOException {
        long now = System.nanoTime();
        long since = unansweredSince;
        if (since == 0) {
            unansweredSince = now;
        } else if (now - since >= idleNanos) {
            close(IDLE);
            return;
        }
        try {
            remote.sendPing(NO_DATA);
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new IOException("Ping failed", e);
        }
    }

    @Override
    protected void closeTransport(Closing closing) {
        if (!socket.isOpen()) {
            return;
        }
        try {
            if (closing.code() == 1006) { // RFC 6455 §7.4.1: never sent in a close frame
                socket.close();
            } else {
                socket.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(closing.code()), closing.reason()));
            }
        } catch (IOException | IllegalStateException gone) {
            // The peer went first; nothing left to tell it.
        }
        abortUnlessEnded();
    }

    /** Aborts the connection if its closing handshake has not ended it within the grace. */
    private void abortUnlessEnded() {
        // Undertow reports a socket closed as soon as the close starts, before its close frame is written.
        boolean early = SocketAbort.reportsCloseEarly(socket);
        if (ended && !early) {
            return;
        }
        try {
            scheduler.schedule(
                    () -> {
                        if (!ended || early) {
                            SocketAbort.abort(socket);
                        }
                    },
                    ABORT_GRACE_MILLIS,
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            // The runtime is stopping: the container ends its connections itself.
        }
    }

    private void send(String text) throws IOException {
        sending = true;
        try {
            remote.sendText(text, this);
        } catch (IllegalStateException | IllegalArgumentException e) {
            sending = false;
            throw new IOException("Send failed", e);
        }
    }

    /**
     * A send completed, possibly on the writer's own thread inside {@code sendText} (then the drain goes round once
     * more), otherwise on a container thread, which sends what is pending next without a hand-off, as Tomcat and
     * Jetty let a completion do.
     */
    @Override
    public void onResult(SendResult result) {
        sending = false;
        if (result.isOK()) {
            continueHere();
        } else {
            peerGone();
        }
    }
}
