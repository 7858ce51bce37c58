package io.realtime.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.runtime.RealtimeConfig;
import io.realtime.testing.Await;
import io.realtime.testing.ContainerServer;
import io.realtime.testing.ServerExtension;
import io.realtime.testing.SseRecorder;
import io.realtime.testing.Visitor;
import io.realtime.testing.WebSocketRecorder;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Traffic on any transport keeps the cookie session alive, on the container itself: a WebSocket or a stream makes no
 * HTTP request after it opened, so without the runtime the container would expire the session under it. Here
 * sessions time out after one second, and the test lets seconds pass: time itself is what is tested. Containers count a
 * session's idle time and expire it each their own way (docs/containers.md); the runtime's stretch must hold on
 * each.
 */
class SessionKeepAliveConformanceTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    private static final Duration LONGER = Duration.ofSeconds(4);

    @RegisterExtension
    static final ServerExtension<ContainerServer> server = ServerExtension.of(ContainerServer.builder()
            .config(RealtimeConfig.builder().heartbeat(Duration.ofMillis(500)).build())
            .services(Board.class));

    @Test
    void aWebSocketKeepsItsSessionAlivePastTheTimeoutWhileASessionWithoutConnectionsExpires() {
        Visitor kept = server.get().visitor().sessionTimeout(TIMEOUT);
        Visitor idle = server.get().visitor().sessionTimeout(TIMEOUT);
        String id = kept.sessionId();
        String idleId = idle.sessionId();
        assertThat(id).isNotNull().isNotEqualTo(idleId);

        try (WebSocketRecorder socket = kept.tab().webSocket("/room?lastEventId=")) {
            socket.assertNoMoreFrames(LONGER);
            assertThat(idle.sessionId())
                    .as("no traffic for longer than its timeout: expired")
                    .isNull();
            assertThat(kept.sessionId()).as("kept alive by its WebSocket").isEqualTo(id);
            assertThat(socket.isOpen()).isTrue();
        }
        Await.stats(server.get(), "the WebSocket gone", stats -> stats.connections() == 0);
        assertThat(kept.sessionId())
                .as("the session outlives its last connection")
                .isEqualTo(id);
        Await.stats(server.get(), "the session no longer followed", stats -> stats.httpSessions() == 0);
    }

    @Test
    void aStreamKeepsItsSessionAliveAndOnceItEndsTheSessionTimesOutAsUsual() {
        Visitor visitor = server.get().visitor().sessionTimeout(TIMEOUT);
        Visitor.Tab tab = visitor.tab().negotiate("/board");
        String id = visitor.sessionId();
        try (SseRecorder sse = tab.sse("/board")) {
            sse.assertNoMoreEvents(LONGER);
            assertThat(visitor.sessionId()).as("kept alive by its stream").isEqualTo(id);
            server.get().topics().get("board").publish(new Board.Note("end of the stream's life"));
            assertThat(sse.next().data()).contains("end of the stream");
        }
        Await.stats(server.get(), "the stream gone", stats -> stats.connections() == 0);
        assertThat(visitor.sessionId())
                .as("a request after the last connection: the session has its own timeout again")
                .isEqualTo(id);
        Await.stats(server.get(), "the session no longer followed", stats -> stats.httpSessions() == 0);
        pass(LONGER);
        assertThat(visitor.sessionId())
                .as("no traffic for longer than its timeout: expired")
                .isNull();
    }

    /** Lets time pass, with nothing to wait for but the clock. */
    private static void pass(Duration time) {
        long until = System.nanoTime() + time.toNanos();
        for (long left = time.toNanos(); left > 0; left = until - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }
}
