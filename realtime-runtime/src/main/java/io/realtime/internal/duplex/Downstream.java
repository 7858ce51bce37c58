package io.realtime.internal.duplex;

import io.realtime.internal.RealtimeRuntime;
import io.realtime.internal.endpoint.Call;
import io.realtime.internal.endpoint.Route;
import io.realtime.internal.outbound.Outbound;

/**
 * The downstream half of a {@code @Duplex} endpoint over a plain HTTP transport, when WebSocket cannot be used:
 * the connection method gets a {@link ConnectionHandle} backed by the transport's connection; messages come
 * separately by {@code POST} ({@link Uplink}).
 */
public final class Downstream {

    private Downstream() {}

    /**
     * Calls the route's connection method, if it has one, and opens the connection. Called on a worker.
     *
     * @param lastEventId the client's cursor, or {@code null}
     * @throws Exception whatever the method threw, before the connection opened, so that the caller can answer
     *     with an HTTP error instead
     */
    public static void start(RealtimeRuntime runtime, Route route, Call call, Outbound connection, String lastEventId)
            throws Exception {
        if (route.main() != null) {
            ConnectionHandle<Object> handle = new ConnectionHandle<>(
                    connection,
                    runtime.json(),
                    runtime.topics(),
                    call.session(),
                    log -> connection.follow(log, log.resolve(lastEventId, System.currentTimeMillis())));
            handle.adopt(route.main().invoke(call.connection(handle)));
        }
        connection.open();
    }
}
