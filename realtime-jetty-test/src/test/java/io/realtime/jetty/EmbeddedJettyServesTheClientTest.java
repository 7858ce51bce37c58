package io.realtime.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.Stream;
import io.realtime.runtime.Realtime;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

/**
 * Embedded Jetty set up as docs/integration.md shows, a plain {@code ServletContextHandler} with no static files,
 * serves the browser client and its declarations, because the runtime serves them itself.
 */
class EmbeddedJettyServesTheClientTest {

    public static class Greeter {
        @Stream("/greetings")
        public List<String> greetings() {
            return List.of("hello");
        }
    }

    @Test
    void aPlainServletContextHandlerServesRealtimeJsAndItsDeclarations() throws Exception {
        Server server = new Server(0);
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
        context.setContextPath("/app");
        JakartaWebSocketServletContainerInitializer.configure(context, null);
        context.addServletContainerInitializer(Realtime.initializer(Greeter.class));
        server.setHandler(context);
        server.start();
        try {
            URI base = URI.create("http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort());
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<byte[]> script = http.send(
                    HttpRequest.newBuilder(base.resolve("/app/realtime/realtime.js"))
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(script.statusCode()).isEqualTo(200);
            assertThat(script.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("text/javascript"));
            assertThat(script.body()).isEqualTo(resource("realtime.js"));
            HttpResponse<byte[]> types = http.send(
                    HttpRequest.newBuilder(base.resolve("/app/realtime/realtime.d.ts"))
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(types.statusCode()).isEqualTo(200);
            assertThat(types.body()).isEqualTo(resource("realtime.d.ts"));
        } finally {
            server.stop();
        }
    }

    static byte[] resource(String name) throws Exception {
        try (InputStream in = Realtime.class.getResourceAsStream("/META-INF/resources/realtime/" + name)) {
            return in.readAllBytes();
        }
    }
}
