package io.realtime.jetty;

import java.lang.reflect.Field;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.http.pathmap.PathMappings;
import org.eclipse.jetty.websocket.core.server.WebSocketMappings;

/** What leak checks read from Jetty's internals, which offer no public count. */
final class JettyInternals {

    private JettyInternals() {}

    /** @return the WebSocket mappings of the context: the Jakarta endpoints added to its ServerContainer */
    static int webSocketEndpoints(ServletContextHandler context) {
        WebSocketMappings mappings = WebSocketMappings.getMappings(context);
        if (mappings == null) {
            return 0;
        }
        try {
            Field field = WebSocketMappings.class.getDeclaredField("mappings");
            field.setAccessible(true);
            return ((PathMappings<?>) field.get(mappings)).size();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("This Jetty keeps its WebSocket mappings elsewhere", e);
        }
    }
}
