package io.realtime.bench.server.strong;

import io.realtime.bench.server.Rooms;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * One programmatic endpoint instance for every WebSocket: each session is a {@link SocketWriter} following its
 * topic's ring from the client's {@code lastEventId} parameter, or from now. Public because Jetty requires
 * endpoint classes to be; the variant creates the one instance.
 */
public final class StrongSockets extends Endpoint {

    private final Channels channels;
    private final Executor writers;

    StrongSockets(Channels channels, Executor writers) {
        this.channels = channels;
        this.writers = writers;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        Channel channel = channels.of(Rooms.of(session));
        List<String> last = session.getRequestParameterMap().get("lastEventId");
        long after = channel.ring.resume(StrongPolls.cursor(last == null || last.isEmpty() ? null : last.get(0)));
        SocketWriter writer = new SocketWriter(channel, session, after + 1, writers);
        session.getUserProperties().put(SocketWriter.class.getName(), writer);
        channel.followers.add(writer);
        writer.signal(); // whatever was published before it was added, and a resumed client's backlog
    }

    @Override
    public void onClose(Session session, CloseReason reason) {
        remove(session);
    }

    @Override
    public void onError(Session session, Throwable failure) {
        remove(session);
    }

    private static void remove(Session session) {
        if (session.getUserProperties().get(SocketWriter.class.getName()) instanceof SocketWriter writer) {
            writer.closed();
        }
    }
}
