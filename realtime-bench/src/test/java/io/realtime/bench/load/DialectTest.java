package io.realtime.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DialectTest {

    @Test
    void libraryAndRawPollFromTheAnswersCursor() {
        byte[] body = "{\"cursor\":\"Q2hhbmdl:43\",\"events\":[]}".getBytes(StandardCharsets.UTF_8);
        assertThat(Dialect.LIBRARY.nextPoll(200, Map.of(), body, 0, body.length))
                .isEqualTo("/poll?cursor=Q2hhbmdl:43");
        assertThat(Dialect.RAW.nextPoll(200, Map.of(), body, 0, body.length)).isEqualTo("/poll?cursor=Q2hhbmdl:43");
        assertThat(Dialect.LIBRARY.nextPoll(204, Map.of(), body, 0, 0)).isNull();
    }

    @Test
    void atmospherePollsWithItsTrackingId() {
        String next = Dialect.ATMOSPHERE.nextPoll(200, Map.of("x-atmosphere-tracking-id", "0c6f"), new byte[0], 0, 0);
        assertThat(next).startsWith("/atmosphere/bench?").contains("X-Atmosphere-tracking-id=0c6f", "long-polling");
        assertThat(Dialect.ATMOSPHERE.target(Transport.SSE))
                .contains("X-Atmosphere-tracking-id=0", "X-atmo-protocol=true");
    }

    @Test
    void theLibrarysWebSocketStartsAtOnce() {
        assertThat(Dialect.LIBRARY.target(Transport.WEBSOCKET)).isEqualTo("/ws?lastEventId=");
        assertThat(Dialect.LIBRARY.headers(Transport.WEBSOCKET)).contains("realtime.v1");
    }
}
