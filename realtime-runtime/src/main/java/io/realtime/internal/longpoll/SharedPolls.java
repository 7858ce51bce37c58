package io.realtime.internal.longpoll;

import io.realtime.internal.identity.Tab;
import io.realtime.internal.limits.ClientQuota;
import io.realtime.internal.outbound.Outbound;
import io.realtime.internal.topic.Cursor;
import jakarta.servlet.AsyncContext;
import java.util.List;

/**
 * The polls that carry shared connections (docs/protocol.md, "Over long-poll"): each poll continues the poll
 * connection its cursor names, or opens a new one, and is held until the connection has frames, as the poll of a
 * per-client stream is. The connection's subscriptions are its caller's; this only tells it which connection a poll
 * carries. Polls and connections count under the same limits as every other poll.
 *
 * <p>Threading: called on whichever thread finished reading the poll's body; never blocks.
 */
public final class SharedPolls {

    /** What a poll tells the shared connection it carries. */
    public interface Carried {
        /**
         * The poll opened a new connection: give it its subscriptions.
         *
         * @param connection the poll connection, open
         * @param name its name, which later polls' cursors carry
         */
        void opened(Outbound connection, String name);

        /**
         * The poll acknowledged the latest answer of the connection {@code name}: apply the set of subscriptions it
         * carries. (A poll that asks for the latest answer again carries a set the client wrote before it.)
         */
        void continued(String name);
    }

    private final PollTransport transport;
    private final PollServices services;
    private final ClientQuota limits;
    private final PollConnections connections;

    SharedPolls(PollTransport transport, PollServices services, ClientQuota limits, PollConnections connections) {
        this.transport = transport;
        this.services = services;
        this.limits = limits;
        this.connections = connections;
    }

    /**
     * @param timeout a poll's {@code timeout} parameter, or {@code null}
     * @return the hold it asks for in nanoseconds, bounded by the configuration, or -1 when it is malformed
     */
    public long holdNanos(String timeout) {
        return transport.holdNanos(timeout);
    }

    /** @return what a malformed {@code timeout} parameter is told */
    public static String timeoutRule() {
        return PollTransport.TIMEOUT_RULE;
    }

    /**
     * Serves one poll: continues the connection {@code cursor} names if this server holds it for this client,
     * otherwise opens a new one and answers at once with its cursor.
     *
     * @param async the poll, in asynchronous mode without a timeout, its body read
     * @param address the client's address, for the limits
     * @param cursor the poll's cursor, {@code <name>:<n>}, or {@code null} for a first poll
     * @param holdNanos how long the poll may be held
     */
    public void poll(AsyncContext async, Tab tab, String address, String cursor, long holdNanos, Carried carried) {
        String sessionId = tab.handshake().sessionId();
        ClientQuota.Slot slot = limits.acquire(sessionId, address);
        if (slot == null) {
            HttpReply reply = new HttpReply(async, services.outbound().writers());
            HeldPoll refused = new HeldPoll(reply, () -> {});
            reply.attach(refused);
            refused.answer(() -> Answer.tooMany("Too many polls in progress from this client"));
            return;
        }
        HeldPoll held = PollTransport.held(async, services.outbound().writers(), tab, slot);
        String owner = PollTransport.owner(tab);
        Cursor position = cursor == null ? null : Cursor.parse(cursor).orElse(null);
        if (position != null) {
            PollConnection connection = connections.find(position.epoch(), owner);
            if (connection != null) {
                if (connection.latest(position.offset())) {
                    carried.continued(connection.id());
                }
                if (connection.attach(held, position.offset(), services.waiting(), services.scheduler(), holdNanos)) {
                    return;
                }
            }
        }
        ClientQuota.Slot own = limits.acquire(sessionId, address);
        if (own == null) {
            held.answer(() -> Answer.tooMany("Too many poll sessions from this client"));
            return;
        }
        PollConnection connection = connections.openShared(owner, own::release, tab);
        carried.opened(connection, connection.id());
        String first = connection.id() + ":0";
        held.answer(() -> Answer.json(PollFormat.batch(first, List.of())));
    }
}
