package io.realtime.bench.server.strong;

import jakarta.websocket.CloseReason;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One WebSocket's single writer, with one message in flight. A signal schedules a drain on the writer pool unless
 * one is scheduled or running ({@link #pending} counts signals; only the one that raises it from zero schedules).
 * A drain sends the next frame the session is missing; when the send completes inside {@code sendText}, the drain
 * goes on to the next at once, otherwise it returns and the completion continues it on the container's thread:
 * pending frames go out back to back, without a hand-off between them and without recursion.
 */
final class SocketWriter implements Channel.Follower, Runnable, SendHandler {

    private static final int SENDING = 1; // sendText called, not returned, not completed
    private static final int RETURNED = 2; // sendText returned first: the completion continues the drain
    private static final int COMPLETED = 3; // completed first, inside sendText: the drain goes on

    private final Channel channel;
    private final Session session;
    private final RemoteEndpoint.Async remote;
    private final Executor writers;
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicInteger send = new AtomicInteger();
    private long next; // the offset of the next frame to send; only the drain touches it
    private volatile boolean closed;

    SocketWriter(Channel channel, Session session, long next, Executor writers) {
        this.channel = channel;
        this.session = session;
        this.remote = session.getAsyncRemote();
        this.next = next;
        this.writers = writers;
    }

    @Override
    public void signal() {
        if (pending.getAndIncrement() == 0) {
            writers.execute(this);
        }
    }

    @Override
    public void run() {
        drain();
    }

    @Override
    public void onResult(SendResult result) {
        if (!result.isOK()) {
            close(CloseReason.CloseCodes.CLOSED_ABNORMALLY, "send failed");
            return;
        }
        if (!send.compareAndSet(SENDING, COMPLETED)) {
            drain(); // sendText has returned: this completion continues
        }
    }

    private void drain() {
        int seen = pending.get();
        while (!closed) {
            if (next <= channel.ring.head()) {
                Frame frame = channel.ring.at(next);
                if (frame == null) {
                    // Fell out of the ring: the client resumes from its last id.
                    close(CloseReason.CloseCodes.TRY_AGAIN_LATER, "too slow");
                    return;
                }
                next++;
                send.set(SENDING);
                try {
                    remote.sendText(frame.text(), this);
                } catch (IllegalStateException e) {
                    closed();
                    return;
                }
                if (send.compareAndSet(SENDING, RETURNED)) {
                    return; // in flight: onResult continues
                }
            } else {
                seen = pending.addAndGet(-seen);
                if (seen == 0) {
                    return;
                }
            }
        }
    }

    void closed() {
        closed = true;
        channel.followers.remove(this);
    }

    private void close(CloseReason.CloseCode code, String reason) {
        closed();
        try {
            session.close(new CloseReason(code, reason));
        } catch (IOException | IllegalStateException e) {
            // closing anyway
        }
    }
}
