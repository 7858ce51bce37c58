package io.realtime.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.conformance.ServiceCloseConformanceTest.Clock;
import io.realtime.jetty.RealtimeServer;
import io.realtime.testing.Await;
import io.realtime.testing.SseRecorder;
import io.realtime.testing.WebSocketRecorder;
import java.lang.reflect.Proxy;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The whole Jetty server stops, as a standalone Jetty's shutdown stops it, rather than the application alone: Jetty
 * closes its connectors, and every connection, before it stops the application, so the runtime says the goodbye of
 * {@link DrainConformanceTest} as soon as it hears the server begin to stop (docs/containers.md, "Graceful
 * drain"). It stops once, however many stops it hears, and an application that stopped before the server leaves
 * nothing on it. The {@link Clock} service counts the runtime's stops: the runtime closes it once in each.
 */
class JettyServerStopTest {

    @BeforeEach
    void count() {
        Clock.closes.set(0);
    }

    @Test
    void everyClientIsToldToReconnectBeforeJettyClosesTheConnections() throws Exception {
        try (RealtimeServer server = start()) {
            String cursor = Http.cursorOf(Http.get(server, "/inbox").body());
            try (WebSocketRecorder ws = server.webSocket("/room?lastEventId=");
                    SseRecorder sse = server.sse("/board")) {
                CompletableFuture<HttpResponse<String>> held = Http.send(server, "/inbox?timeout=20&cursor=" + cursor);
                Await.stats(
                        server,
                        "a WebSocket, a stream and a waiting poll",
                        stats -> stats.connections() == 2 && stats.waitingPolls() == 1);

                jetty(server).stop();

                assertThat(ws.awaitClose(DrainConformanceTest.PROMPTLY))
                        .isEqualTo(new WebSocketRecorder.Close(1001, "server shutting down; reconnect"));
                assertThat(sse.next(DrainConformanceTest.PROMPTLY).event()).isEqualTo("reconnect");
                sse.awaitEnd(DrainConformanceTest.PROMPTLY);
                HttpResponse<String> answer = Http.await(held, "the held poll", DrainConformanceTest.PROMPTLY);
                assertThat(answer.statusCode()).isEqualTo(204);
                assertThat(answer.headers().firstValue("Retry-After")).hasValue("1");
            }
            assertThat(Clock.closes)
                    .as("the application's later stop stops nothing again")
                    .hasValue(1);
            assertThat(drains(jetty(server)))
                    .as("the stopped runtime's listener")
                    .isZero();
        }
    }

    @Test
    void anApplicationThatStoppedLeavesNoListenerAndIsNotStoppedAgainWithTheServer() throws Exception {
        try (RealtimeServer server = start()) {
            Server jetty = jetty(server);
            assertThat(drains(jetty)).isEqualTo(1);
            for (int deployment = 1; deployment <= 3; deployment++) {
                server.stopApplication();
                assertThat(drains(jetty))
                        .as("listeners after stop " + deployment)
                        .isZero();
                assertThat(Clock.closes).hasValue(deployment);
                server.startApplication();
                assertThat(drains(jetty))
                        .as("listeners after start " + deployment)
                        .isEqualTo(1);
            }
            server.stopApplication();
            jetty.stop();
            assertThat(Clock.closes).as("one stop per deployment").hasValue(4);
        }
    }

    private static RealtimeServer start() {
        return RealtimeServer.builder().services(Board.class, Clock.class).start();
    }

    private static Server jetty(RealtimeServer server) {
        return ServletContextHandler.getServletContextHandler(server.servletContext())
                .getServer();
    }

    /** The runtime's listeners on the server, as listeners and as the beans Jetty also keeps them as. */
    private static long drains(Server jetty) {
        long listeners = jetty.getEventListeners().stream()
                .filter(listener -> Proxy.isProxyClass(listener.getClass()))
                .count();
        long beans = jetty.getBeans().stream()
                .filter(bean -> Proxy.isProxyClass(bean.getClass()))
                .count();
        assertThat(beans).as("beans the same as listeners").isEqualTo(listeners);
        return listeners;
    }
}
