package io.realtime.jetty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.realtime.Duplex;
import io.realtime.Push;
import io.realtime.Run;
import io.realtime.Stream;
import io.realtime.Topic;
import io.realtime.Topics;
import io.realtime.runtime.DeploymentException;
import io.realtime.runtime.Realtime;
import io.realtime.runtime.RealtimeConfig;
import io.realtime.testing.Await;
import io.realtime.testing.Cursors;
import io.realtime.testing.SseEvent;
import io.realtime.testing.SseRecorder;
import io.realtime.testing.WebSocketRecorder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

/**
 * Topics made before the runtime ({@code Realtime.topics}), as a dependency injection container needs them to
 * create the services first; and {@code Realtime.stop}, which says goodbye before the context ends. On plain
 * embedded Jetty, started the way such a container would start it.
 */
class PreparedTopicsTest {

    public record Line(String text) {}

    /** A service created by "the container", given the topics before any runtime exists. */
    public static class News {
        private final Topic<String> headlines;

        public News(Topics topics) {
            this.headlines = topics.get("headlines");
        }

        @Stream("/headlines")
        public Topic<String> headlines() {
            return headlines;
        }

        @Push("/latest")
        public Topic<String> latest() {
            return headlines;
        }

        @Duplex("/echo")
        public Line echo(Line line) {
            return line;
        }
    }

    @Test
    void servicesHoldTheTopicsBeforeTheStartAndWhatWasPublishedThenIsKept() throws Exception {
        RealtimeConfig config = RealtimeConfig.defaults();
        Topics topics = Realtime.topics(config);
        News news = new News(topics);
        String first = topics.<String>get("headlines").publish("before the start");
        topics.<String>get("headlines").publish("also before");

        try (Embedded server = Embedded.start(config, topics, news, Map.of())) {
            try (SseRecorder sse =
                    SseRecorder.open(server.client, server.uri("/headlines"), Map.of("Last-Event-ID", first))) {
                assertThat(sse.next().data()).isEqualTo("\"also before\"");
                Topics.from(server.context.getServletContext())
                        .<String>get("headlines")
                        .publish("after");
                assertThat(sse.next()).extracting(SseEvent::data).isEqualTo("\"after\"");
            }
        }
    }

    @Test
    void topicsMadeWithOtherSettingsThanTheRuntimesStopTheDeploymentNamingTheSetting() {
        Topics topics = Realtime.topics(RealtimeConfig.defaults());
        assertThatThrownBy(() -> Embedded.start(
                                RealtimeConfig.defaults(),
                                topics,
                                new News(topics),
                                Map.of("realtime.historyMaxEvents", "5"))
                        .close())
                .isInstanceOf(DeploymentException.class)
                .hasMessageContaining("The topics were made with historyMaxEvents 1000, but the runtime starts with 5")
                .hasMessageContaining("[rule: prepared-topics]");
    }

    @Test
    void topicsServeOneRuntimeOnly() throws Exception {
        RealtimeConfig config = RealtimeConfig.defaults();
        Topics topics = Realtime.topics(config);
        try (Embedded first = Embedded.start(config, topics, new News(topics), Map.of())) {
            assertThat(first.get("/latest").statusCode()).isEqualTo(200);
        }
        assertThatThrownBy(() -> Embedded.start(config, topics, new News(topics), Map.of())
                        .close())
                .isInstanceOf(DeploymentException.class)
                .hasMessageContaining("These topics already served a runtime");
    }

    @Test
    void startingWithTopicsOfAnotherKindIsRefused() {
        Topics foreign = new Topics() {
            @Override
            public <T> Topic<T> get(String name) {
                throw new UnsupportedOperationException();
            }

            @Override
            public <T> Run<T> run(String name) {
                throw new UnsupportedOperationException();
            }
        };
        assertThatThrownBy(() -> Embedded.start(
                                RealtimeConfig.defaults(),
                                foreign,
                                new News(Realtime.topics(RealtimeConfig.defaults())),
                                Map.of())
                        .close())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("topics from Realtime.topics(config)");
    }

    @Test
    void stoppingTheRuntimeBeforeTheContextSaysGoodbyeOnEveryTransport() throws Exception {
        RealtimeConfig config = RealtimeConfig.defaults();
        Topics topics = Realtime.topics(config);
        try (Embedded server = Embedded.start(config, topics, new News(topics), Map.of())) {
            String cursor = Cursors.of(server.get("/latest").body());
            try (SseRecorder sse = SseRecorder.open(server.client, server.uri("/headlines"), Map.of());
                    WebSocketRecorder socket = WebSocketRecorder.open(
                            server.client,
                            URI.create(server.uri("/echo").toString().replaceFirst("^http", "ws")),
                            Map.of("Origin", server.uri("/").toString().replaceFirst("/$", "")))) {
                CompletableFuture<HttpResponse<String>> poll = server.send("/latest?cursor=" + cursor);
                Await.until(
                        "a waiting poll",
                        () -> Realtime.stats(server.context.getServletContext()).waitingPolls() == 1);

                Realtime.stop(server.context.getServletContext());

                assertThat(socket.awaitClose(Duration.ofSeconds(10)))
                        .isEqualTo(new WebSocketRecorder.Close(1001, "server shutting down; reconnect"));
                assertThat(sse.next().event()).isEqualTo("reconnect");
                sse.awaitEnd(Duration.ofSeconds(10));
                HttpResponse<String> answer = poll.get(10, TimeUnit.SECONDS);
                assertThat(answer.statusCode()).isEqualTo(204);
                assertThat(answer.headers().firstValue("Retry-After")).hasValue("1");
                assertThat(server.context.isAvailable())
                        .as("the application itself runs on")
                        .isTrue();
                Realtime.stop(server.context.getServletContext()); // idempotent
            }
        }
    }

    /** Embedded Jetty 12 with WebSocket, starting the runtime with prepared topics from an initializer. */
    record Embedded(Server server, ServletContextHandler context, HttpClient client) implements AutoCloseable {

        static Embedded start(RealtimeConfig config, Topics topics, Object service, Map<String, String> parameters)
                throws Exception {
            Server server = new Server();
            ServerConnector connector = new ServerConnector(server);
            connector.setHost("127.0.0.1");
            server.addConnector(connector);
            ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
            parameters.forEach(context::setInitParameter);
            JakartaWebSocketServletContainerInitializer.configure(context, null);
            context.addServletContainerInitializer(
                    (classes, servletContext) -> Realtime.start(servletContext, config, topics, List.of(service)));
            server.setHandler(context);
            try {
                server.start();
                RealtimeServer.Builder.checkAvailable(context);
            } catch (Exception e) {
                server.stop();
                throw e;
            }
            return new Embedded(server, context, HttpClient.newHttpClient());
        }

        URI uri(String path) {
            return URI.create(
                    "http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort() + path);
        }

        CompletableFuture<HttpResponse<String>> send(String path) {
            return client.sendAsync(
                    HttpRequest.newBuilder(uri(path))
                            .header("Accept", "application/json")
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> get(String path) throws Exception {
            return send(path).get(10, TimeUnit.SECONDS);
        }

        @Override
        public void close() throws Exception {
            server.stop();
        }
    }
}
