package io.realtime.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.jetty.RealtimeServer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The samples WAR served as {@code ./mvnw -Prun} serves it (embedded Jetty, no {@code web.xml}, whose own default
 * is sessions that never expire): the cookie sessions the pages start expire after 30 minutes.
 */
class RunProfileSessionsExpireTest {

    @Test
    void cookieSessionsExpireAfterThirtyMinutes() {
        try (RealtimeServer server =
                RealtimeServer.builder().war(Path.of("target", "samples")).start()) {
            assertThat(server.servletContext().getSessionTimeout()).isEqualTo(SessionExpiry.DEFAULT_MINUTES);
        }
    }
}
