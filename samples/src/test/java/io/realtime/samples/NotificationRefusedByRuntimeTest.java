package io.realtime.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.RealtimeException;
import io.realtime.Topic;
import io.realtime.Topics;
import io.realtime.jetty.RealtimeServer;
import java.lang.reflect.Proxy;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/notifications} when the runtime refuses the publication (here every topic refuses it, as a full
 * topic registry or a failed backplane would): the client hears the refusal's own status and JSON, never a 500 or
 * a stack trace.
 */
class NotificationRefusedByRuntimeTest {

    @Test
    void aRefusedPublicationAnswersItsOwnStatusAndJson() throws Exception {
        try (RealtimeServer server =
                RealtimeServer.builder().war(Path.of("target", "samples")).start()) {
            server.servletContext()
                    .setAttribute(
                            Topics.class.getName(),
                            refusingTopics(server.servletContext().getClassLoader()));
            HttpResponse<String> posted = server.client()
                    .send(
                            HttpRequest.newBuilder(server.uri("/api/notifications"))
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"Build 42 passed\"}"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(posted.statusCode()).isEqualTo(503);
            assertThat(posted.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(posted.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
            assertThat(posted.body())
                    .startsWith("{\"error\":{")
                    .contains("\"code\":\"too_many_topics\"", "\"message\":\"Every topic is followed\"");
        }
    }

    /**
     * Topics whose every publication is refused, made of the WAR's own classes: the web application loads the API
     * from its {@code WEB-INF/lib}, not from the test's class path.
     */
    private static Object refusingTopics(ClassLoader war) throws ReflectiveOperationException {
        Class<?> topicType = war.loadClass(Topic.class.getName());
        Class<?> topicsType = war.loadClass(Topics.class.getName());
        Object refusal = war.loadClass(RealtimeException.class.getName())
                .getMethod("of", int.class, String.class, String.class)
                .invoke(null, 503, "too_many_topics", "Every topic is followed");
        Object topic = Proxy.newProxyInstance(war, new Class<?>[] {topicType}, (proxy, method, args) -> {
            throw (RuntimeException) refusal;
        });
        return Proxy.newProxyInstance(war, new Class<?>[] {topicsType}, (proxy, method, args) -> {
            if (method.getName().equals("get")) {
                return topic;
            }
            throw new UnsupportedOperationException(method.getName());
        });
    }
}
