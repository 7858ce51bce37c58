package io.realtime.jetty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.realtime.Stream;
import io.realtime.Topics;
import io.realtime.testing.SseEvent;
import io.realtime.testing.SseRecorder;
import jakarta.servlet.ServletContext;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The runtime creates a service class through a constructor taking {@link Topics} and/or the application's
 * {@link ServletContext}, so that the service can share state with the application's servlets and listeners.
 */
class ServiceConstructorTest {

    public static class Both {
        private final ServletContext context;
        private final Topics topics;

        public Both(ServletContext context, Topics topics) {
            this.context = context;
            this.topics = topics;
        }

        @Stream("/both")
        public List<String> both() {
            return List.of(context.getContextPath(), String.valueOf(topics == Topics.from(context)));
        }
    }

    public static class ContextOnly {
        private final ServletContext context;

        public ContextOnly(ServletContext context) {
            this.context = context;
        }

        @Stream("/context")
        public List<Object> context() {
            return List.of(context.getAttribute("shared"));
        }
    }

    public static class Unsupported {
        public Unsupported(String name) {}

        @Stream("/unsupported")
        public List<String> unsupported() {
            return List.of();
        }
    }

    @Test
    void injectsTheContextAndTheTopicsInAnyOrder() {
        try (RealtimeServer server = RealtimeServer.builder()
                        .services(Both.class, ContextOnly.class)
                        .contextPath("/app")
                        .start();
                SseRecorder both = server.sse("/both")) {
            assertThat(both.next(2)).extracting(SseEvent::data).containsExactly("\"/app\"", "\"true\"");
            server.servletContext().setAttribute("shared", "from a servlet");
            try (SseRecorder context = server.sse("/context")) {
                assertThat(context.next().data()).isEqualTo("\"from a servlet\"");
                assertThat(context.next().event()).isEqualTo("end");
            }
        }
    }

    @Test
    void refusesOtherConstructorsNamingTheAcceptedOnes() {
        assertThatThrownBy(() -> RealtimeServer.start(Unsupported.class))
                .hasStackTraceContaining(Unsupported.class.getName())
                .hasStackTraceContaining("io.realtime.Topics and/or jakarta.servlet.ServletContext")
                .hasStackTraceContaining("[rule: service-constructor]");
    }
}
