package io.realtime.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.runtime.RealtimeConfig;
import io.realtime.testing.Await;
import io.realtime.testing.ContainerServer;
import io.realtime.testing.ServerExtension;
import io.realtime.testing.SseRecorder;
import io.realtime.testing.WebSocketRecorder;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A client that goes away without a word is noticed the same way on every container: a stream at the next
 * heartbeat, a WebSocket when its connection breaks, a waiting poll at the latest when its hold ends (a container
 * notices a closed connection only when it writes). Nothing of theirs is left behind.
 */
class DepartureConformanceTest {

    @RegisterExtension
    static final ServerExtension<ContainerServer> server = ServerExtension.of(ContainerServer.builder()
            .config(RealtimeConfig.builder().heartbeat(Duration.ofMillis(200)).build())
            .services(Board.class));

    @Test
    void aStreamWhoseClientLeftEndsAtTheNextHeartbeat() {
        SseRecorder sse = server.get().sse("/board");
        Await.stats(server.get(), "the stream open", stats -> stats.connections() == 1 && stats.subscriptions() == 1);
        sse.close();
        Await.stats(server.get(), "no connection", stats -> stats.connections() == 0 && stats.subscriptions() == 0);
    }

    @Test
    void aWebSocketWhoseClientVanishedIsClosed() {
        WebSocketRecorder ws = server.get().webSocket("/room?lastEventId=");
        Await.stats(server.get(), "the socket open", stats -> stats.connections() == 1 && stats.subscriptions() == 1);
        ws.abort();
        Await.stats(server.get(), "no connection", stats -> stats.connections() == 0 && stats.subscriptions() == 0);
    }

    @Test
    void aWaitingPollWhoseClientLeftIsReleasedByItsHoldAtTheLatest() throws IOException {
        String cursor = Http.cursorOf(Http.get(server.get(), "/inbox").body());
        try (Socket socket = new Socket("127.0.0.1", server.get().uri().getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET /inbox?timeout=1&cursor=" + cursor + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                            + "Accept: application/json\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Await.stats(server.get(), "a waiting poll", stats -> stats.waitingPolls() == 1);
        }
        Await.stats(server.get(), "no waiting poll", stats -> stats.waitingPolls() == 0);
        assertThat(server.get().stats().connections()).isZero();
    }
}
