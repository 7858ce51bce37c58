package io.realtime.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.realtime.Duplex;
import io.realtime.runtime.RealtimeConfig;
import io.realtime.testing.WebSocketRecorder;
import org.junit.jupiter.api.Test;

/**
 * docs/protocol.md: unknown fields are ignored, inside {@code data} too with the default mapper, so that a client
 * may send a newer shape than the server knows; an application's own mapper keeps its own policy.
 */
class UnknownFieldsInDataTest {

    public record Line(String text) {}

    public static class Echo {
        @Duplex("/echo")
        public String echo(Line line) {
            return line.text();
        }
    }

    @Test
    void theDefaultMapperIgnoresAFieldTheParameterTypeDoesNotHave() throws Exception {
        try (RealtimeServer server = RealtimeServer.start(Echo.class);
                WebSocketRecorder echo = server.webSocket("/echo")) {
            echo.send("{\"ref\":1,\"data\":{\"text\":\"hi\",\"mood\":\"happy\"}}");
            assertThat(echo.next()).isEqualTo("{\"ref\":1,\"data\":\"hi\"}");
        }
    }

    @Test
    void anApplicationsStrictMapperRefusesItAsABadMessage() throws Exception {
        try (RealtimeServer server = RealtimeServer.builder()
                        .config(RealtimeConfig.builder()
                                .objectMapper(new ObjectMapper())
                                .build())
                        .services(Echo.class)
                        .start();
                WebSocketRecorder echo = server.webSocket("/echo")) {
            echo.send("{\"ref\":1,\"data\":{\"text\":\"hi\",\"mood\":\"happy\"}}");
            assertThat(echo.next()).startsWith("{\"ref\":1,\"error\":{\"code\":\"bad_message\"");
        }
    }
}
