package io.realtime.internal.websocket;

import io.realtime.internal.outbound.Outbound;
import io.realtime.internal.topic.TopicLog;

/**
 * Where a WebSocket's topic delivery starts. A client may name its cursor in the first frame rather than in the
 * URL, so delivery waits for that frame, or for a short grace when none comes. The position is fixed when the
 * connection subscribes, so nothing published while it waits is lost (docs/protocol.md, "WebSocket").
 */
final class Resume {

    private final Outbound outbound;
    private boolean decided;
    private String cursor;
    private TopicLog waiting;
    private TopicLog.Start startNow;

    Resume(Outbound outbound) {
        this.outbound = outbound;
    }

    /** The connection subscribed to {@code log}: follow it now, or once the client's cursor is known. */
    void follow(TopicLog log) {
        TopicLog.Start start;
        synchronized (this) {
            if (!decided) {
                waiting = log;
                startNow = log.resolve(null, System.currentTimeMillis());
                return;
            }
            start = log.resolve(cursor, System.currentTimeMillis());
        }
        outbound.follow(log, start);
    }

    /**
     * The client's cursor is known; the first call wins.
     *
     * @param clientCursor the cursor to resume from, or {@code null} for "from when it subscribed"
     */
    void decide(String clientCursor) {
        TopicLog log;
        TopicLog.Start start;
        synchronized (this) {
            if (decided) {
                return;
            }
            decided = true;
            cursor = clientCursor;
            log = waiting;
            if (log == null) {
                return;
            }
            start = clientCursor == null ? startNow : log.resolve(clientCursor, System.currentTimeMillis());
            waiting = null;
        }
        outbound.follow(log, start);
    }
}
