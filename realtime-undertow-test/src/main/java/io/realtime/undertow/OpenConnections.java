package io.realtime.undertow;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.ServerConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.xnio.IoUtils;

/**
 * The server's connections that have carried a request, for fault injection: Undertow counts its connections but
 * does not list them, so the kit's root handler notes each one, and forgets it once closed (or, for a connection
 * upgraded to WebSocket, which Undertow no longer reports closing, at the next request once it is closed).
 */
final class OpenConnections implements HttpHandler {

    private final Set<ServerConnection> open = ConcurrentHashMap.newKeySet();
    private final HttpHandler next;

    OpenConnections(HttpHandler next) {
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        ServerConnection connection = exchange.getConnection();
        if (open.add(connection)) {
            open.removeIf(known -> !known.isOpen());
            connection.addCloseListener(closed -> open.remove(closed));
        }
        next.handleRequest(exchange);
    }

    /** Closes every connection from the server's side, as a proxy that restarts would; @return how many */
    int dropAll() {
        List<ServerConnection> dropped = new ArrayList<>();
        for (ServerConnection connection : open) {
            if (connection.isOpen()) {
                dropped.add(connection);
            }
        }
        open.removeAll(dropped);
        dropped.forEach(IoUtils::safeClose);
        return dropped.size();
    }
}
