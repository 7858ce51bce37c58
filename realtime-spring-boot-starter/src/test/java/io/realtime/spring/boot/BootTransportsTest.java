package io.realtime.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.Topics;
import io.realtime.spring.boot.app.DemoApplication;
import io.realtime.spring.boot.app.Market;
import io.realtime.testing.PollEvent;
import io.realtime.testing.PollRecorder;
import io.realtime.testing.SseRecorder;
import io.realtime.testing.Visitor;
import io.realtime.testing.WebSocketRecorder;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A Boot application's components served over every transport on its embedded server: services created by Spring
 * with {@code Topics} and another bean, events published before the runtime started, the application's mapper,
 * {@code realtime.*} properties, and the browser client with its declarations.
 */
@Tag("server")
class BootTransportsTest {

    /** Boot's mapper: an Instant as ISO-8601 text, an empty Optional as null. */
    static final String FIRST = "{\"symbol\":\"ACME\",\"cents\":101,\"at\":\"2026-12-04T09:00:00Z\","
            + "\"note\":null,\"exchange\":\"XNYS\"}";

    @RegisterExtension
    static final BootServer.PerClass application = BootServer.perClass(DemoApplication.class);

    @Test
    void aStreamResumesFromAnEventPublishedBeforeTheRuntimeStartedInTheApplicationsJson() {
        String opening = application.get().bean(Market.class).openingCursor();
        try (SseRecorder sse =
                application.get().visitor().tab().sse("/prices/ACME", Map.of("Last-Event-ID", opening))) {
            assertThat(sse.status()).isEqualTo(200);
            assertThat(sse.next().data()).isEqualTo(FIRST);
            assertThat(sse.retry())
                    .as("realtime.sseRetry in application.properties")
                    .isEqualTo("1500");
            application.get().bean(Market.class).publish("ACME", 102, "live");
            assertThat(sse.next().data()).isEqualTo(FIRST.replace("101", "102").replace("null", "\"live\""));
        }
        try (SseRecorder sse = application.get().visitor().tab().sse("/prices/ACME", Map.of("Last-Event-ID", "x"))) {
            assertThat(sse.next().event()).isEqualTo("reset");
        }
    }

    @Test
    void theTopicsBeanIsTheOneTheEndpointsServe() {
        Visitor.Tab tab = application.get().visitor().tab();
        try (PollRecorder poll = tab.poll("/quotes/BETA")) {
            application.get().awaitStats("a waiting poll", stats -> stats.waitingPolls() >= 1);
            application.get().bean(Topics.class).get("prices:BETA").publish(Map.of("symbol", "BETA"));
            PollEvent event = poll.next();
            assertThat(event.data()).isEqualTo("{\"symbol\":\"BETA\"}");
        }
    }

    @Test
    void aWebSocketConversationRepliesAndDelivers() {
        try (WebSocketRecorder socket =
                application.get().visitor().tab().negotiate("/chat/room-1").webSocket("/chat/room-1")) {
            socket.send("{\"ref\":1,\"data\":{\"text\":\"hi\"}}");
            assertThat(socket.next(2))
                    .anySatisfy(frame -> assertThat(frame).isEqualTo("{\"ref\":1,\"data\":{\"ok\":true}}"))
                    .anySatisfy(frame -> assertThat(frame)
                            .matches("\\{\"id\":\"[^\"]+\",\"event\":\"message\",\"data\":\\{\"text\":\"hi\"}}"));
        }
    }

    @Test
    void aMessageWithPropertiesItsTypeDoesNotHaveIsTakenAsBootsMapperTakesIt() {
        try (WebSocketRecorder socket = application.get().visitor().tab().webSocket("/chat/room-3")) {
            socket.send("{\"ref\":1,\"data\":{\"text\":\"hi\",\"mood\":\"cheerful\"}}");
            assertThat(socket.next(2)).contains("{\"ref\":1,\"data\":{\"ok\":true}}");
        }
    }

    @Test
    void realtimePropertiesApply() {
        try (WebSocketRecorder socket = application.get().visitor().tab().webSocket("/chat/room-2")) {
            socket.send("{\"ref\":1,\"data\":{\"text\":\"" + "x".repeat(2000) + "\"}}");
            assertThat(socket.awaitClose(Duration.ofSeconds(10)).code())
                    .as("realtime.max-message-size=1024 in application.properties")
                    .isEqualTo(1009);
        }
    }

    @Test
    void theBrowserClientAndItsDeclarationsAreServed() {
        Visitor visitor = application.get().visitor();
        HttpResponse<String> client = visitor.get("/realtime/realtime.js");
        assertThat(client.statusCode()).isEqualTo(200);
        assertThat(client.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/javascript"));
        assertThat(client.body()).contains("export function connect(");
        HttpResponse<String> types = visitor.get("/realtime/realtime.d.ts");
        assertThat(types.statusCode()).isEqualTo(200);
        assertThat(types.headers().firstValue("Content-Type")).hasValue("application/typescript;charset=utf-8");
    }
}
