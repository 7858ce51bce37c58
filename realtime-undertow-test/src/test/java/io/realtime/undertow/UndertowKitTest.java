package io.realtime.undertow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.realtime.Stream;
import io.realtime.runtime.RealtimeInitializer;
import io.realtime.testing.ExplodedWar;
import io.realtime.testing.SseRecorder;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the Undertow kit does beyond the conformance suite: fault injection, {@code .war} files, refusals. */
class UndertowKitTest {

    @Test
    void droppingTheConnectionsEndsOpenStreams() {
        try (UndertowServer server = UndertowServer.start(TicksApp.class);
                SseRecorder ticks = server.sse("/ticks")) {
            server.topics().get("ticks").publish(new TicksApp.Tick(1));
            assertThat(ticks.next().data()).isEqualTo("{\"n\":1}");
            assertThat(server.dropConnections()).isPositive();
            ticks.awaitEnd(Duration.ofSeconds(10));
        }
    }

    @Test
    void aWarFileIsUnpackedAndDeployedWithItsOwnClassLoader(@TempDir Path temp) throws IOException {
        Path exploded = ExplodedWar.at(temp.resolve("ticks"))
                .classes(TicksApp.class)
                .libraryOf(
                        RealtimeInitializer.class,
                        Stream.class,
                        ObjectMapper.class,
                        JsonParser.class,
                        JsonProperty.class,
                        JavaTimeModule.class,
                        Jdk8Module.class)
                .build();
        Path war = pack(exploded, temp.resolve("ticks.war"));
        try (UndertowServer server = UndertowServer.builder().war(war).start();
                SseRecorder ticks = server.sse("/ticks")) {
            assertThat(ticks.status()).isEqualTo(200);
            Object runtime = server.servletContext().getAttribute("io.realtime.runtime.RealtimeRuntime");
            assertThat(runtime.getClass().getClassLoader()).isInstanceOf(WarClassLoader.class);
        }
    }

    @Test
    void aWebXmlElementTheKitDoesNotReadIsRefusedByName(@TempDir Path temp) {
        Path war = ExplodedWar.at(temp.resolve("filtered"))
                .classes(TicksApp.class)
                .libraryOf(
                        RealtimeInitializer.class,
                        Stream.class,
                        ObjectMapper.class,
                        JsonParser.class,
                        JsonProperty.class,
                        JavaTimeModule.class,
                        Jdk8Module.class)
                .webXml("""
                        <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
                          <filter><filter-name>f</filter-name><filter-class>x.F</filter-class></filter>
                        </web-app>
                        """)
                .build();
        assertThatThrownBy(() -> UndertowServer.builder().war(war).start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("does not read <filter>");
    }

    private static Path pack(Path directory, Path war) throws IOException {
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(war));
                var files = Files.walk(directory)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(
                        new JarEntry(directory.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, (OutputStream) out);
                out.closeEntry();
            }
        }
        return war;
    }
}
