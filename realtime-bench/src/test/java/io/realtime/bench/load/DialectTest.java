package io.realtime.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DialectTest {

    @Test
    void pollsFromTheAnswersCursor() {
        byte[] body = "{\"cursor\":\"Q2hhbmdl:43\",\"events\":[]}".getBytes(StandardCharsets.UTF_8);
        for (Dialect dialect : new Dialect[] {Dialect.LIBRARY, Dialect.STRONG, Dialect.NAIVE}) {
            String position = dialect.nextPosition(200, Map.of(), body, 0, body.length);
            assertThat(position).isEqualTo("Q2hhbmdl:43");
            assertThat(dialect.pollTarget(-1, position)).isEqualTo("/poll?cursor=Q2hhbmdl:43");
            assertThat(dialect.pollTarget(7, position)).isEqualTo("/poll/7?cursor=Q2hhbmdl:43");
        }
        assertThat(Dialect.LIBRARY.nextPosition(204, Map.of(), body, 0, 0)).isNull();
    }

    @Test
    void atmospherePollsWithItsTrackingIdAfterADelay() {
        String tracking =
                Dialect.ATMOSPHERE.nextPosition(200, Map.of("x-atmosphere-tracking-id", "0c6f"), new byte[0], 0, 0);
        assertThat(Dialect.ATMOSPHERE.pollTarget(-1, tracking))
                .startsWith("/atmosphere/bench?")
                .contains("X-Atmosphere-tracking-id=0c6f", "long-polling");
        assertThat(Dialect.ATMOSPHERE.target(Transport.SSE, 3, null))
                .startsWith("/atmosphere/rooms/3?")
                .contains("X-Atmosphere-tracking-id=0", "X-atmo-protocol=true");
        assertThat(Dialect.ATMOSPHERE.repollNanos()).isPositive();
        assertThat(Dialect.LIBRARY.repollNanos()).isZero();
    }

    @Test
    void resumesFromAPositionWhereTheVariantCan() {
        assertThat(Dialect.LIBRARY.target(Transport.WEBSOCKET, -1, null)).isEqualTo("/ws?lastEventId=");
        assertThat(Dialect.LIBRARY.target(Transport.WEBSOCKET, 2, "e:5")).isEqualTo("/ws/2?lastEventId=e:5");
        assertThat(Dialect.STRONG.target(Transport.WEBSOCKET, -1, null)).isEqualTo("/ws");
        assertThat(Dialect.STRONG.headers(Transport.SSE, "41")).contains("Last-Event-ID: 41\r\n");
        assertThat(Dialect.LIBRARY.headers(Transport.WEBSOCKET, null)).contains("realtime.v1");
        assertThat(Dialect.NAIVE.resumes(Transport.SSE)).isFalse();
        assertThat(Dialect.NAIVE.resumes(Transport.LONG_POLL)).isTrue();
        assertThat(Dialect.ATMOSPHERE.resumes(Transport.LONG_POLL)).isFalse();
    }
}
