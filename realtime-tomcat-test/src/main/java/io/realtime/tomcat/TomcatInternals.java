package io.realtime.tomcat;

import jakarta.servlet.ServletContext;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.catalina.connector.Connector;
import org.apache.coyote.AbstractProtocol;
import org.apache.tomcat.util.net.AbstractEndpoint;
import org.apache.tomcat.util.net.SocketWrapperBase;
import org.apache.tomcat.websocket.server.WsServerContainer;

/** What tests read from, or do to, Tomcat's internals, which offer no public way. */
final class TomcatInternals {

    private TomcatInternals() {}

    /** @return the endpoints added to the context's WebSocket container, exact paths and templates */
    static int webSocketEndpoints(ServletContext context) {
        if (!(context.getAttribute("jakarta.websocket.server.ServerContainer")
                instanceof WsServerContainer container)) {
            return 0;
        }
        int count = ((Map<?, ?>) read(container, WsServerContainer.class, "configExactMatchMap")).size();
        for (Object templates :
                ((Map<?, ?>) read(container, WsServerContainer.class, "configTemplateMatchMap")).values()) {
            count += ((Map<?, ?>) templates).size();
        }
        return count;
    }

    /** Closes every connection of the connector from the server side; @return how many */
    static int dropConnections(Connector connector) {
        AbstractEndpoint<?, ?> endpoint =
                (AbstractEndpoint<?, ?>) read(connector.getProtocolHandler(), AbstractProtocol.class, "endpoint");
        List<SocketWrapperBase<?>> open = new ArrayList<>(endpoint.getConnections());
        open.forEach(SocketWrapperBase::close);
        return open.size();
    }

    private static Object read(Object target, Class<?> owner, String name) {
        try {
            Field field = owner.getDeclaredField(name);
            field.setAccessible(true);
            return field.get(target);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(
                    "This Tomcat keeps " + owner.getSimpleName() + "." + name + " elsewhere", e);
        }
    }
}
