package io.realtime.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.Duplex;
import io.realtime.runtime.Realtime;
import io.realtime.testing.WebSocketRecorder;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

/**
 * The order in which a container runs its WebSocket initializer and the runtime's is unspecified; when the
 * runtime starts first, it adds its WebSocket endpoints once the context has initialised.
 */
class WebSocketRegistrationOrderTest {

    public record Ping(int n) {}

    public static class Echo {
        @Duplex("/echo")
        public Ping echo(Ping ping) {
            return ping;
        }
    }

    @Test
    void endpointsAreAddedWhenTheWebSocketContainerComesAfterTheRuntime() throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        AtomicBoolean containerAbsent = new AtomicBoolean();
        context.addServletContainerInitializer((classes, servletContext) ->
                containerAbsent.set(servletContext.getAttribute("jakarta.websocket.server.ServerContainer") == null));
        context.addServletContainerInitializer(Realtime.initializer(Echo.class));
        JakartaWebSocketServletContainerInitializer.configure(context, null);
        server.setHandler(context);
        server.start();
        try {
            assertThat(containerAbsent)
                    .as("the runtime started before the WebSocket container")
                    .isTrue();
            URI uri = URI.create("ws://127.0.0.1:" + connector.getLocalPort() + "/echo");
            try (WebSocketRecorder ws = WebSocketRecorder.open(HttpClient.newHttpClient(), uri, Map.of())) {
                ws.send("{\"ref\":1,\"data\":{\"n\":42}}");
                assertThat(ws.next()).isEqualTo("{\"ref\":1,\"data\":{\"n\":42}}");
            }
        } finally {
            server.stop();
        }
    }
}
