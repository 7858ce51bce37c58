package io.realtime.undertow;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.Duplex;
import io.realtime.runtime.Realtime;
import io.realtime.testing.WebSocketRecorder;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.server.DefaultByteBufferPool;
import io.undertow.server.handlers.PathHandler;
import io.undertow.servlet.Servlets;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.DeploymentManager;
import io.undertow.servlet.api.ServletContainerInitializerInfo;
import io.undertow.servlet.util.ImmediateInstanceFactory;
import io.undertow.websockets.jsr.WebSocketDeploymentInfo;
import jakarta.servlet.ServletContainerInitializer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * On Undertow the WebSocket container exists before any initializer runs: its servlet extension creates it from the
 * deployment's {@code WebSocketDeploymentInfo} (docs/containers.md), so the runtime adds its endpoints at once. Also
 * the embedded set-up docs/containers.md shows, as it is written there.
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
    void theWebSocketContainerIsThereForEveryInitializerAndTheEndpointsServe() throws Exception {
        PathHandler paths = Handlers.path();
        Undertow server = Undertow.builder()
                .addHttpListener(0, "127.0.0.1")
                .setHandler(paths)
                .build();
        server.start();
        DefaultByteBufferPool buffers = new DefaultByteBufferPool(true, 16 * 1024);
        AtomicBoolean containerPresent = new AtomicBoolean();
        ServletContainerInitializer probe = (classes, context) ->
                containerPresent.set(context.getAttribute("jakarta.websocket.server.ServerContainer") != null);
        DeploymentInfo app = Servlets.deployment()
                .setClassLoader(Echo.class.getClassLoader())
                .setContextPath("/")
                .setDeploymentName("app")
                .addServletContextAttribute(
                        WebSocketDeploymentInfo.ATTRIBUTE_NAME,
                        new WebSocketDeploymentInfo()
                                .setWorker(server.getWorker())
                                .setBuffers(buffers))
                .addServletContainerInitializer(new ServletContainerInitializerInfo(
                        ServletContainerInitializer.class, new ImmediateInstanceFactory<>(probe), null))
                .addServletContainerInitializer(new ServletContainerInitializerInfo(
                        ServletContainerInitializer.class,
                        new ImmediateInstanceFactory<>(Realtime.initializer(Echo.class)),
                        null));
        DeploymentManager manager = Servlets.newContainer().addDeployment(app);
        try {
            manager.deploy();
            paths.addPrefixPath("/", manager.start());
            assertThat(containerPresent)
                    .as("the ServerContainer before the first initializer")
                    .isTrue();
            int port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
            URI uri = URI.create("ws://127.0.0.1:" + port + "/echo");
            try (WebSocketRecorder ws = WebSocketRecorder.open(HttpClient.newHttpClient(), uri, Map.of())) {
                ws.send("{\"ref\":1,\"data\":{\"n\":42}}");
                assertThat(ws.next()).isEqualTo("{\"ref\":1,\"data\":{\"n\":42}}");
            }
        } finally {
            manager.stop();
            manager.undeploy();
            server.stop();
            buffers.close();
        }
    }
}
