package io.realtime.internal.websocket;

import io.realtime.internal.http.HttpDispatch;
import io.realtime.internal.multiplex.Multiplex;
import io.realtime.internal.outbound.Reply;
import java.nio.ByteBuffer;

/**
 * One WebSocket that carries a shared connection, {@code /realtime/mux} (docs/protocol.md, "Over WebSocket"):
 * control frames change its subscriptions at once; messages for its {@code @Duplex} subscriptions are handled in
 * turn, one at a time whatever their subscription, within the connection's backlog; a binary frame closes it with
 * {@code 1003}, as a shared connection carries JSON alone. Public only because the container is handed its class
 * as the endpoint's (Jakarta WebSocket 2.1 §3.1.1); its instances come from {@link DuplexConfigurator}.
 */
public final class SharedEndpoint extends SocketEndpoint {

    /** The path of shared connections, relative to the application's context. */
    public static final String PATH = HttpDispatch.SHARED_PATH;

    private Multiplex multiplex;

    SharedEndpoint(WebSocketServices services, SocketDrain sockets) {
        super(services, sockets);
    }

    @Override
    String describe() {
        return PATH;
    }

    @Override
    void opened() {
        multiplex = services.multiplexes().open(connection, handshake, tab, null);
    }

    @Override
    void text(String message) {
        if (multiplex == null) {
            return; // the client was refused: nothing of it is handled
        }
        Multiplex.Addressed to = multiplex.receive(message, this::answer);
        if (to != null && !inbox.offer(() -> multiplex.message(to, message, this::answerAndCount))) {
            answer(new Reply.Error(
                    to.sub(), to.ref(), "overloaded", "Too many messages are waiting; send again later", 503));
        }
    }

    @Override
    void binary(ByteBuffer part, boolean last) {
        connection.close(DuplexEndpoint.BINARY_REFUSED);
    }
}
