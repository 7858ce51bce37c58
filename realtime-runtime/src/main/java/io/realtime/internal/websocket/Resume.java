package io.realtime.internal.websocket;

import io.realtime.internal.outbound.Outbound;
import io.realtime.internal.topic.TopicReader;

/**
 * Where a WebSocket's topic delivery starts. A client may name its cursor in the first frame rather than in the
 * URL, so delivery waits for that frame, or for a short grace when none comes. The reader is positioned at the head
 * when the connection subscribes, so nothing published while it waits is lost (docs/protocol.md, "WebSocket").
 */
final class Resume {

    private final Outbound outbound;
    private boolean decided;
    private String cursor;
    private TopicReader waiting;

    Resume(Outbound outbound) {
        this.outbound = outbound;
    }

    /** The connection subscribed: follow the topic now, or once the client's cursor is known. */
    void follow(TopicReader reader) {
        synchronized (this) {
            if (!decided) {
                reader.position(null); // from now, unless the client names its cursor in time
                waiting = reader;
                return;
            }
            reader.position(cursor);
        }
        outbound.follow(reader);
    }

    /**
     * The client's cursor is known; the first call wins.
     *
     * @param clientCursor the cursor to resume from, or {@code null} for "from when it subscribed"
     * @return {@code false} if the cursor had been settled already, and this one is not used
     * @throws io.realtime.spi.BackplaneException if the backplane could not catch up with the cursor; the reader
     *     is then left unfollowed, and the connection should be closed so that the client comes back with it
     */
    boolean decide(String clientCursor) {
        TopicReader reader;
        synchronized (this) {
            if (decided) {
                return false;
            }
            decided = true;
            cursor = clientCursor;
            reader = waiting;
            if (reader == null) {
                return true;
            }
            waiting = null;
            if (clientCursor != null) {
                reader.position(clientCursor);
            }
        }
        outbound.follow(reader);
        return true;
    }
}
