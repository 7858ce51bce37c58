package io.realtime.tomcat;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.Duplex;
import io.realtime.runtime.Realtime;
import io.realtime.testing.WebSocketRecorder;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.websocket.server.WsSci;
import org.junit.jupiter.api.Test;

/**
 * On Tomcat too, the runtime may start before the WebSocket container exists (its initializer added before
 * {@code WsSci}): it adds its endpoints once the context has initialised.
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
        Path base = Files.createTempDirectory("realtime-tomcat-order");
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        Connector connector = new Connector("HTTP/1.1");
        connector.setProperty("address", "127.0.0.1");
        connector.setPort(0);
        tomcat.setConnector(connector);
        Context context = tomcat.addContext(
                "", Files.createDirectories(base.resolve("docBase")).toString());
        AtomicBoolean containerAbsent = new AtomicBoolean();
        context.addServletContainerInitializer(
                (classes, servletContext) -> containerAbsent.set(
                        servletContext.getAttribute("jakarta.websocket.server.ServerContainer") == null),
                null);
        context.addServletContainerInitializer(Realtime.initializer(Echo.class), null);
        context.addServletContainerInitializer(new WsSci(), null);
        tomcat.start();
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
            tomcat.stop();
            tomcat.destroy();
            TomcatDeployments.delete(base);
        }
    }
}
