package io.realtime.jetty;

import static io.realtime.jetty.PollRequests.cursorOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.Connection;
import io.realtime.Duplex;
import io.realtime.Push;
import io.realtime.Stream;
import io.realtime.Topic;
import io.realtime.Topics;
import io.realtime.testing.Await;
import io.realtime.testing.SseRecorder;
import io.realtime.testing.WebSocketRecorder;
import java.lang.reflect.Proxy;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The whole Jetty server stops, as a standalone Jetty's shutdown stops it: Jetty closes its connectors, and every
 * connection, before it stops the application, so the runtime says goodbye when it hears the server begin to stop
 * (docs/containers.md, "Graceful drain"). Once, however many stops it hears, and never for an application that has
 * stopped already.
 */
class ServerStopTest {

    private static final Duration PROMPTLY = Duration.ofSeconds(5); // the poll below holds 20 s

    /** One endpoint of each transport; counts the runtime's stops through its own. */
    public static class Services implements AutoCloseable {
        static final AtomicInteger CLOSES = new AtomicInteger();

        /** What the room's members say. */
        public record Note(String text) {}

        private final Topics topics;

        public Services(Topics topics) {
            this.topics = topics;
        }

        @Stream("/board")
        public Topic<String> board() {
            return topics.get("board");
        }

        @Push("/inbox")
        public Topic<String> inbox() {
            return topics.get("inbox");
        }

        @Duplex("/room")
        public Topic<Note> join(Connection<Note> connection) {
            return topics.get("room");
        }

        @Duplex("/room")
        public Note say(Note note) {
            return note;
        }

        @Override
        public void close() {
            CLOSES.incrementAndGet();
        }
    }

    @BeforeEach
    void count() {
        Services.CLOSES.set(0);
    }

    @Test
    void everyClientIsToldToReconnectBeforeJettyClosesTheConnections() throws Exception {
        try (RealtimeServer server = RealtimeServer.start(Services.class)) {
            String cursor = cursorOf(PollRequests.get(server, "/inbox"));
            try (WebSocketRecorder ws = server.webSocket("/room?lastEventId=");
                    SseRecorder sse = server.sse("/board")) {
                CompletableFuture<HttpResponse<String>> held =
                        PollRequests.send(server, "/inbox?timeout=20&cursor=" + cursor);
                Await.stats(
                        server,
                        "two connections and a waiting poll",
                        stats -> stats.connections() == 2 && stats.waitingPolls() == 1);

                jetty(server).stop();

                assertThat(ws.awaitClose(PROMPTLY))
                        .isEqualTo(new WebSocketRecorder.Close(1001, "server shutting down; reconnect"));
                assertThat(sse.next(PROMPTLY).event()).isEqualTo("reconnect");
                sse.awaitEnd(PROMPTLY);
                HttpResponse<String> answer = held.get(PROMPTLY.toSeconds(), TimeUnit.SECONDS);
                assertThat(answer.statusCode()).isEqualTo(204);
                assertThat(answer.headers().firstValue("Retry-After")).hasValue("1");
            }
            assertThat(Services.CLOSES)
                    .as("the servlet's later destruction stops nothing again")
                    .hasValue(1);
            assertThat(drains(jetty(server)))
                    .as("the stopped runtime's listener")
                    .isZero();
        }
    }

    @Test
    void aStoppedApplicationLeavesNoListenerAndIsNotStoppedAgainWithTheServer() throws Exception {
        try (RealtimeServer server = RealtimeServer.start(Services.class)) {
            Server jetty = jetty(server);
            assertThat(drains(jetty)).isEqualTo(1);
            for (int deployment = 1; deployment <= 3; deployment++) {
                server.stopApplication();
                assertThat(drains(jetty))
                        .as("listeners after stop " + deployment)
                        .isZero();
                assertThat(Services.CLOSES).hasValue(deployment);
                server.startApplication();
                assertThat(drains(jetty))
                        .as("listeners after start " + deployment)
                        .isEqualTo(1);
            }
            server.stopApplication();
            jetty.stop();
            assertThat(Services.CLOSES).as("one stop per deployment").hasValue(4);
        }
    }

    private static Server jetty(RealtimeServer server) {
        return ServletContextHandler.getServletContextHandler(server.servletContext())
                .getServer();
    }

    /** The runtime's listeners on the server, as listeners or as the beans Jetty also keeps them as. */
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
