package io.realtime.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.realtime.Stream;
import io.realtime.jetty.war.Greeter;
import io.realtime.runtime.RealtimeInitializer;
import io.realtime.testing.ExplodedWar;
import io.realtime.testing.SseEvent;
import io.realtime.testing.SseRecorder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A WAR with the runtime jar in {@code WEB-INF/lib} and an annotated class in {@code WEB-INF/classes} serves
 * the endpoint with no registration code: the container's annotation scanning finds it (Servlet 6.0 §8.2.4).
 */
class WarDiscoveryTest {

    private static final Path WAR = Path.of("target", "war-discovery");

    @BeforeAll
    static void assembleExplodedWar() {
        ExplodedWar.at(WAR)
                .classes(Greeter.class)
                .libraryOf(
                        RealtimeInitializer.class,
                        Stream.class,
                        ObjectMapper.class,
                        JsonParser.class,
                        JsonProperty.class,
                        JavaTimeModule.class,
                        Jdk8Module.class)
                .build();
    }

    @Test
    void theRuntimeInWebInfLibFindsTheAnnotatedClassByItself() throws IOException {
        try (var listing = Files.walk(WAR.resolve("WEB-INF/classes"))) {
            assertThat(listing.filter(Files::isRegularFile)
                            .map(f -> f.getFileName().toString()))
                    .as("WEB-INF/classes holds the endpoint class alone")
                    .containsExactlyInAnyOrder("Greeter.class", "Greeter$Greeting.class");
        }
        try (RealtimeServer server = RealtimeServer.builder().war(WAR).start();
                SseRecorder sse = server.sse("/greetings/war")) {
            assertThat(sse.status()).isEqualTo(200);
            Object runtime = server.servletContext().getAttribute("io.realtime.runtime.RealtimeRuntime");
            assertThat(runtime).as("a runtime runs in the WAR's context").isNotNull();
            assertThat(runtime.getClass().getClassLoader())
                    .as("the runtime was loaded from the WAR's WEB-INF/lib, not from the test's class path")
                    .isNotSameAs(RealtimeInitializer.class.getClassLoader());
            assertThat(sse.next(2))
                    .containsExactly(
                            new SseEvent(null, "greeting", "{\"text\":\"hello war\",\"injected\":true}"),
                            new SseEvent(null, "end", "{}"));
            sse.awaitEnd(Duration.ofSeconds(10));
        }
    }
}
