package io.realtime.internal.longpoll;

import io.realtime.internal.Json;
import io.realtime.internal.Transport;
import io.realtime.internal.outbound.Closing;
import io.realtime.internal.outbound.Message;
import io.realtime.internal.outbound.Outbound;
import io.realtime.internal.outbound.OutboundServices;
import io.realtime.internal.topic.LogEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;

/**
 * A per-client stream ({@code Flow.Publisher}, {@code Stream}, {@code Iterable}, {@code EventSink}), or a shared
 * connection's subscriptions (docs/protocol.md, "Over long-poll"), served over long-poll: a connection whose
 * transport is whichever poll is waiting now. Between polls the events wait in the connection's bounded queue (and
 * topics in their history); a waiting poll takes them as one bounded batch.
 *
 * <p>The connection's cursor is {@code <id>:<n>}, {@code n} the number of batches answered. A poll with the cursor
 * of the latest batch acknowledges it; a poll with the one before gets the latest batch again, so an answer
 * lost on the way costs nothing. Any other cursor is unknown here and gets a reset.
 *
 * <p>Between polls the writer moves up to one batch into the connection; the rest waits in the connection's
 * queue. A poll connection whose client stops polling ends: when a full batch has waited for the stall timeout (as a
 * stalled connection), or, when nothing is pending, at the first heartbeat after no poll has come for the
 * stall timeout.
 */
final class PollConnection extends Outbound {

    private static final byte[] END = "{\"event\":\"end\",\"data\":{}}".getBytes(StandardCharsets.US_ASCII);

    private final String id;
    private final String owner;
    private final PollFormat format;
    private final long idleNanos;
    private final Object lock = new Object();
    private final ArrayDeque<byte[]> pending = new ArrayDeque<>();
    private int pendingBytes;
    private HeldPoll current;
    private long sent;
    private byte[] retained;
    private boolean ended;
    private long lastPollNanos = System.nanoTime();

    /** @param idleNanos how long the connection lives without a poll */
    PollConnection(
            String id, String owner, OutboundServices services, String endpoint, PollFormat format, long idleNanos) {
        super(services, Transport.POLL, endpoint);
        this.id = id;
        this.owner = owner;
        this.format = format;
        this.idleNanos = idleNanos;
    }

    String id() {
        return id;
    }

    String owner() {
        return owner;
    }

    PollFormat format() {
        return format;
    }

    /** @return whether {@code ack} acknowledges the latest batch, rather than asking for it again */
    boolean latest(long ack) {
        synchronized (lock) {
            return ack == sent;
        }
    }

    /**
     * Gives the connection a poll that acknowledged batch {@code ack}: it is answered at once when something is
     * ready (or was lost), otherwise it waits. A poll that waited before is answered {@code 204}: one client,
     * one waiting poll.
     *
     * @return whether the connection knows the cursor; if not, the poll is untouched
     */
    boolean attach(HeldPoll poll, long ack, WaitingPolls waiting, ScheduledExecutorService scheduler, long hold) {
        HeldPoll displaced;
        poll.onClaim(() -> detach(poll));
        if (poll.isAnswered()) {
            return true; // the client left while its poll was on its way here
        }
        synchronized (lock) {
            lastPollNanos = System.nanoTime();
            if (ack == sent - 1 && retained != null) {
                byte[] again = retained;
                poll.answer(() -> Answer.json(again));
                return true;
            }
            if (ack != sent || (ended && pending.isEmpty())) {
                return false;
            }
            retained = null;
            if (!pending.isEmpty()) {
                sendTo(poll);
                return true;
            }
            displaced = current;
            current = poll;
        }
        if (displaced != null) {
            displaced.answer(() -> Answer.NO_CONTENT);
        }
        if (poll.hold(waiting, scheduler, Math.max(hold, 1), () -> poll.answer(() -> Answer.NO_CONTENT))) {
            signal(); // the writer moves what the queue holds into this poll
        }
        return true;
    }

    private void detach(HeldPoll poll) {
        synchronized (lock) {
            if (current == poll) {
                current = null;
                lastPollNanos = System.nanoTime();
            }
        }
    }

    // ---- the transport, for Outbound's single writer ----

    @Override
    protected boolean ready() {
        synchronized (lock) {
            return (current != null && !current.isAnswered())
                    || (pending.size() < format.maxEvents() && pendingBytes < format.maxBytes());
        }
    }

    @Override
    protected void writeEvent(String sub, LogEvent event) {
        add(Json.tagged(sub, event.json(PollFormat::event)));
    }

    @Override
    protected void writeMessage(Message message) {
        add(Json.tagged(message.sub(), PollFormat.message(message)));
    }

    @Override
    protected void writeReset(String sub, String cursor) {
        add(PollFormat.reset(sub, cursor));
    }

    @Override
    protected void writeStart(String cursor) {
        // Every answer carries the poll connection's cursor; it follows no topic of its own.
    }

    @Override
    protected void writeHeartbeat() {
        // A waiting poll needs no keep-alive (its hold ends first); a connection nobody polls has to go.
        boolean idle;
        synchronized (lock) {
            idle = current == null && System.nanoTime() - lastPollNanos > idleNanos;
        }
        if (idle) {
            close(Closing.PEER_GONE);
        }
    }

    @Override
    protected void writeFinal(Closing closing) {
        if (closing.kind() == Closing.Kind.END) {
            add(END);
        }
    }

    @Override
    protected boolean flush() {
        synchronized (lock) {
            HeldPoll poll = current;
            if (poll != null && !pending.isEmpty()) {
                sendTo(poll);
            }
        }
        return true;
    }

    @Override
    protected void openTransport() {}

    @Override
    protected void closeTransport(Closing closing) {
        HeldPoll poll;
        synchronized (lock) {
            ended = true;
            poll = current;
            if (closing.kind() == Closing.Kind.REVOKED) {
                pending.clear(); // the client's cookie session ended: nothing more reaches it
                retained = null;
            }
            if (poll != null && !pending.isEmpty()) {
                sendTo(poll);
                return;
            }
        }
        if (poll != null) {
            poll.answer(() -> switch (closing.kind()) {
                case RECONNECT -> Answer.GOING_AWAY;
                case REVOKED -> Answer.SESSION_ENDED;
                default -> Answer.NO_CONTENT;
            });
        }
    }

    private void add(byte[] event) {
        synchronized (lock) {
            pending.add(event);
            pendingBytes += event.length + 1;
            if (pending.size() >= format.maxEvents() || pendingBytes >= format.maxBytes()) {
                HeldPoll poll = current;
                if (poll != null) {
                    sendTo(poll);
                }
            }
        }
    }

    /** Answers {@code poll} with a batch from the pending events, if it can still claim it. Holds the lock. */
    private void sendTo(HeldPoll poll) {
        if (!poll.claim()) {
            return; // its hold ended first: the events stay pending for the next poll
        }
        List<byte[]> batch = new ArrayList<>();
        int size = 0;
        while (!pending.isEmpty() && batch.size() < format.maxEvents()) {
            byte[] next = pending.peek();
            if (!batch.isEmpty() && size + next.length + 1 > format.maxBytes()) {
                break;
            }
            batch.add(pending.poll());
            size += next.length + 1;
        }
        pendingBytes -= size;
        sent++;
        byte[] body = PollFormat.batch(id + ':' + sent, batch);
        retained = body;
        poll.send(() -> Answer.json(body));
    }
}
