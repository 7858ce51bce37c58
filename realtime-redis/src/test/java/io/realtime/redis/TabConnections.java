package io.realtime.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.testing.PollRecorder;
import io.realtime.testing.SseRecorder;
import io.realtime.testing.Visitor;
import io.realtime.testing.WebSocketRecorder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * One tab's connections to the {@link SessionEndAcrossNodesTest.Board}, a connection per transport, and how they end
 * when the tab's session ends or the tab or its user is revoked (docs/protocol.md, "The cookie session").
 */
record TabConnections(Visitor.Tab tab, SseRecorder sse, PollRecorder poll, WebSocketRecorder socket) {

    private static final String ENDED = "{\"code\":\"session_ended\",\"message\":\"The HTTP session has ended\"}";
    private static final Duration WAIT = Duration.ofSeconds(10);

    static TabConnections open(Visitor visitor, List<AutoCloseable> opened) {
        Visitor.Tab tab = visitor.tab().negotiate("/board");
        TabConnections ends =
                new TabConnections(tab, tab.sse("/board"), tab.poll("/inbox"), tab.webSocket("/room?lastEventId="));
        opened.addAll(List.of(ends.sse, ends.poll, ends.socket));
        return ends;
    }

    void assertEnded() {
        assertThat(sse.next(WAIT).event()).isEqualTo("revoked");
        sse.awaitEnd(WAIT);
        assertThat(new String(sse.raw(), StandardCharsets.UTF_8)).endsWith("event: revoked\ndata: " + ENDED + "\n\n");
        assertThat(poll.awaitStop(WAIT)).isEqualTo("status 401 {\"error\":" + ENDED + "}");
        assertThat(socket.awaitClose(WAIT)).isEqualTo(new WebSocketRecorder.Close(1008, "session_ended"));
    }

    void assertReceives(String data) {
        assertThat(sse.next(WAIT).data()).isEqualTo(data);
        assertThat(poll.next(WAIT).data()).isEqualTo(data);
        assertThat(socket.next()).contains("\"data\":" + data);
        assertThat(socket.isOpen()).isTrue();
    }
}
