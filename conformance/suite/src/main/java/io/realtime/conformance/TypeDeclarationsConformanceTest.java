package io.realtime.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.conformance.war.Greeter;
import io.realtime.runtime.RealtimeInitializer;
import io.realtime.testing.ContainerServer;
import io.realtime.testing.ExplodedWar;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The browser client's TypeScript declarations, {@code <context>/realtime/realtime.d.ts}, come as
 * {@code application/typescript} on every container, revalidated by their {@code ETag}: left to the container,
 * Tomcat would call them {@code video/mp2t} (its type for {@code .ts}, MPEG transport streams) and Jetty nothing.
 */
class TypeDeclarationsConformanceTest {

    static final String PATH = "/realtime/realtime.d.ts";

    @Test
    void anApplicationStartedProgrammaticallyServesThemAsTypeScript() {
        try (ContainerServer server =
                ContainerServer.builder().services(Greeter.class).start()) {
            assertServed(server);
        }
    }

    @Test
    void aWarServesThemAsTypeScriptBesideTheClientTheContainerServes() {
        Path war = ExplodedWar.at(Path.of("target", "wars", "type-declarations"))
                .classes(Greeter.class)
                .libraryOf(WarConformanceTest.LIBRARIES)
                .build();
        try (ContainerServer server = ContainerServer.builder().war(war).start()) {
            assertServed(server);
            HttpResponse<String> client = Http.get(server, "/realtime/realtime.js", "Accept", "*/*");
            assertThat(client.statusCode()).isEqualTo(200);
            assertThat(client.headers().firstValue("Content-Type"))
                    // a JavaScript MIME type (WHATWG MIME Sniffing §4.6), which a module script needs: Jetty and
                    // Tomcat say text/javascript, Undertow application/javascript
                    .hasValueSatisfying(type -> assertThat(type).matches("(text|application)/javascript(;.*)?"));
        }
    }

    private static void assertServed(ContainerServer server) {
        HttpResponse<String> answer = Http.get(server, PATH, "Accept", "*/*");
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type.replace(" ", "").toLowerCase(Locale.ROOT))
                        .isEqualTo("application/typescript;charset=utf-8"));
        assertThat(answer.body()).isEqualTo(declarations());
        String etag = answer.headers().firstValue("ETag").orElseThrow();

        HttpResponse<String> again = Http.await(
                server.client()
                        .sendAsync(
                                HttpRequest.newBuilder(server.uri(PATH))
                                        .header("If-None-Match", etag)
                                        .build(),
                                HttpResponse.BodyHandlers.ofString()),
                "a conditional GET of " + PATH);
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
    }

    private static String declarations() {
        try (InputStream in =
                RealtimeInitializer.class.getResourceAsStream("/META-INF/resources/realtime/realtime.d.ts")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
