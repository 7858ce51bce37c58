package io.realtime.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The samples WAR, as built, carries the runtime and the pages, and no container. */
class SamplesWarTest {

    private static final Path WAR = Path.of("target", "samples");

    @Test
    void theWarCarriesTheRuntimeButNoContainer() throws IOException {
        try (var lib = Files.list(WAR.resolve("WEB-INF/lib"))) {
            assertThat(lib.map(jar -> jar.getFileName().toString()))
                    .anyMatch(jar -> jar.startsWith("realtime-runtime"))
                    .noneMatch(jar -> jar.startsWith("jetty")
                            || jar.startsWith("tomcat")
                            || jar.startsWith("jakarta.servlet")
                            || jar.startsWith("jakarta.websocket")
                            || jar.startsWith("realtime-jetty-test"));
        }
    }

    @Test
    void theWarHasAPagePerDemoAndNoWebXml() {
        for (String page : new String[] {
            "index.html", "chat.html", "ticker.html", "notifications.html", "jobs.html", "cursors.html", "samples.css"
        }) {
            assertThat(WAR.resolve(page)).isRegularFile();
        }
        assertThat(WAR.resolve("WEB-INF/web.xml")).doesNotExist(); // annotation scanning finds everything
    }
}
