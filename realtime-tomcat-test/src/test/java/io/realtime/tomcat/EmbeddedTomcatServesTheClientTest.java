package io.realtime.tomcat;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.Stream;
import io.realtime.runtime.Realtime;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.websocket.server.WsSci;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Embedded Tomcat set up as docs/integration.md shows, a context of {@code Tomcat.addContext} with no default
 * servlet, serves the browser client and its declarations, because the runtime serves them itself.
 */
class EmbeddedTomcatServesTheClientTest {

    public static class Greeter {
        @Stream("/greetings")
        public List<String> greetings() {
            return List.of("hello");
        }
    }

    @Test
    void aContextOfAddContextServesRealtimeJsAndItsDeclarations(@TempDir Path base) throws Exception {
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        tomcat.setPort(0);
        tomcat.getConnector();
        Context context = tomcat.addContext("/app", base.toString());
        context.addServletContainerInitializer(new WsSci(), null);
        context.addServletContainerInitializer(Realtime.initializer(Greeter.class), null);
        tomcat.start();
        try {
            URI uri = URI.create("http://127.0.0.1:" + tomcat.getConnector().getLocalPort());
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<byte[]> script = http.send(
                    HttpRequest.newBuilder(uri.resolve("/app/realtime/realtime.js"))
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(script.statusCode()).isEqualTo(200);
            assertThat(script.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("text/javascript"));
            assertThat(script.body()).isEqualTo(resource("realtime.js"));
            HttpResponse<byte[]> types = http.send(
                    HttpRequest.newBuilder(uri.resolve("/app/realtime/realtime.d.ts"))
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(types.statusCode()).isEqualTo(200);
            assertThat(types.body()).isEqualTo(resource("realtime.d.ts"));
        } finally {
            tomcat.stop();
            tomcat.destroy();
        }
    }

    static byte[] resource(String name) throws Exception {
        try (InputStream in = Realtime.class.getResourceAsStream("/META-INF/resources/realtime/" + name)) {
            return in.readAllBytes();
        }
    }
}
