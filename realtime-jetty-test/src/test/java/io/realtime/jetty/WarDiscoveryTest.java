package io.realtime.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.realtime.Stream;
import io.realtime.jetty.war.Greeter;
import io.realtime.runtime.RealtimeInitializer;
import io.realtime.testing.SseEvent;
import io.realtime.testing.SseRecorder;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A WAR with the runtime jar in {@code WEB-INF/lib} and an annotated class in {@code WEB-INF/classes} serves
 * the endpoint with no registration code: the container's annotation scanning finds it (Servlet 6.0 §8.2.4).
 */
class WarDiscoveryTest {

    private static final Path WAR = Path.of("target", "war-discovery");

    @BeforeAll
    static void assembleExplodedWar() throws Exception {
        delete(WAR);
        Path classes = Files.createDirectories(WAR.resolve("WEB-INF/classes"));
        Path lib = Files.createDirectories(WAR.resolve("WEB-INF/lib"));
        Path fixtures = origin(Greeter.class);
        String prefix = Greeter.class.getName().replace('.', '/');
        try (var files = Files.walk(fixtures)) {
            for (Path file : files.filter(f -> fixtures.relativize(f).toString().startsWith(prefix))
                    .toList()) {
                Path target = classes.resolve(fixtures.relativize(file).toString());
                Files.createDirectories(target.getParent());
                Files.copy(file, target);
            }
        }
        copyAsJar(origin(RealtimeInitializer.class), lib.resolve("realtime-runtime.jar"));
        copyAsJar(origin(Stream.class), lib.resolve("realtime-annotations.jar"));
        for (Class<?> jackson : List.of(ObjectMapper.class, JsonParser.class, JsonProperty.class)) {
            Path jar = origin(jackson);
            Files.copy(jar, lib.resolve(jar.getFileName()));
        }
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
            Object runtime = server.servletContext().getAttribute("io.realtime.internal.RealtimeRuntime");
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

    /** The jar or class directory a class was loaded from. */
    private static Path origin(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /** Copies a jar, or packs a class directory (as the reactor provides modules) into one. */
    private static void copyAsJar(Path source, Path jar) throws IOException {
        if (Files.isRegularFile(source)) {
            Files.copy(source, jar);
            return;
        }
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
                var files = Files.walk(source)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().collect(Collectors.toList())) {
                out.putNextEntry(new JarEntry(source.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, (OutputStream) out);
                out.closeEntry();
            }
        }
    }

    private static void delete(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> {
                try {
                    Files.delete(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
