package io.realtime.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.realtime.Stream;
import io.realtime.conformance.war.Greeter;
import io.realtime.conformance.war.StartRealtime;
import io.realtime.runtime.RealtimeInitializer;
import io.realtime.testing.ContainerServer;
import io.realtime.testing.ExplodedWar;
import io.realtime.testing.SseEvent;
import io.realtime.testing.SseRecorder;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A WAR with the runtime in {@code WEB-INF/lib}: the container's own scanning finds the endpoints, also when the
 * application orders its fragments with {@code <absolute-ordering>} and names the runtime's ({@code realtime});
 * an ordering that leaves it out turns discovery off on every container, and the application may then start the
 * runtime from an initializer of its own in {@code WEB-INF/classes}, which no ordering excludes.
 */
class WarConformanceTest {

    /** One class of each jar the WAR's WEB-INF/lib holds: the runtime, the annotations, Jackson. */
    static final Class<?>[] LIBRARIES = {
        RealtimeInitializer.class,
        Stream.class,
        ObjectMapper.class,
        JsonParser.class,
        JsonProperty.class,
        JavaTimeModule.class,
        Jdk8Module.class
    };

    static final String ORDERED = """
            <?xml version="1.0" encoding="UTF-8"?>
            <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
              <absolute-ordering>%s</absolute-ordering>%s
            </web-app>
            """;

    @Test
    void theContainerFindsTheEndpointsWithoutAnyRegistration() {
        assertGreets(war("plain", null), "hello plain");
    }

    @Test
    void anAbsoluteOrderingThatNamesTheFragmentKeepsDiscovery() {
        assertGreets(war("named", ORDERED.formatted("<name>realtime</name>", "")), "hello named");
    }

    @Test
    void anAbsoluteOrderingThatLeavesTheFragmentOutTurnsDiscoveryOff() {
        try (ContainerServer server = ContainerServer.builder()
                .war(war("excluded", ORDERED.formatted("", "")))
                .start()) {
            assertThat(Http.get(server, "/greetings/excluded", "Accept", "text/event-stream")
                            .statusCode())
                    .isEqualTo(404);
            assertThat(server.servletContext().getAttribute("io.realtime.runtime.RealtimeRuntime"))
                    .isNull();
        }
    }

    @Test
    void anApplicationThatLeavesTheFragmentOutMayStartTheRuntimeFromItsOwnInitializer() {
        Path war = ExplodedWar.at(Path.of("target", "wars", "own-services"))
                .classes(Greeter.class, StartRealtime.class)
                .libraryOf(LIBRARIES)
                .webXml(ORDERED.formatted("", ""))
                .file(
                        "WEB-INF/classes/META-INF/services/jakarta.servlet.ServletContainerInitializer",
                        StartRealtime.class.getName() + "\n")
                .build();
        assertGreets(war, "hello own-services");
    }

    private static void assertGreets(Path war, String text) {
        String name = text.substring("hello ".length());
        try (ContainerServer server = ContainerServer.builder().war(war).start();
                SseRecorder sse = server.sse("/greetings/" + name)) {
            assertThat(sse.status())
                    .as("ordered libs %s", server.servletContext().getAttribute("jakarta.servlet.context.orderedLibs"))
                    .isEqualTo(200);
            Object runtime = server.servletContext().getAttribute("io.realtime.runtime.RealtimeRuntime");
            assertThat(runtime).as("a runtime runs in the WAR's context").isNotNull();
            assertThat(runtime.getClass().getClassLoader())
                    .as("the runtime was loaded from the WAR's WEB-INF/lib")
                    .isNotSameAs(RealtimeInitializer.class.getClassLoader());
            assertThat(sse.next(2))
                    .containsExactly(
                            new SseEvent(null, "greeting", "{\"text\":\"" + text + "\",\"loaded\":true}"),
                            new SseEvent(null, "end", "{}"));
            sse.awaitEnd(Duration.ofSeconds(10));
        }
    }

    private static Path war(String name, String webXml) {
        ExplodedWar war = ExplodedWar.at(Path.of("target", "wars", name))
                .classes(Greeter.class)
                .libraryOf(LIBRARIES);
        if (webXml != null) {
            war.webXml(webXml);
        }
        return war.build();
    }
}
