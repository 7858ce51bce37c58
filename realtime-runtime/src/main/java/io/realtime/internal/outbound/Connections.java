package io.realtime.internal.outbound;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The application's open connections, for heartbeats, stall checks, statistics and shutdown. */
public final class Connections {

    private final Set<Outbound> live = ConcurrentHashMap.newKeySet();
    private volatile Closing closing;

    /**
     * Registers a connection that opens. One that opens once the application is stopping (its handshake raced
     * the stop) is told at once, as the others were.
     */
    void add(Outbound connection) {
        live.add(connection);
        Closing why = closing;
        if (why != null) {
            connection.close(why);
        }
    }

    void remove(Outbound connection) {
        live.remove(connection);
    }

    public int size() {
        return live.size();
    }

    /** @return direct messages waiting in the queues of every open connection */
    public int queuedMessages() {
        int total = 0;
        for (Outbound connection : live) {
            total += connection.queued();
        }
        return total;
    }

    /** Heartbeats and stall checks for every connection; run by the scheduler about every second. */
    public void tick(long nowNanos, long heartbeatNanos, long stallNanos) {
        for (Outbound connection : live) {
            connection.tick(nowNanos, heartbeatNanos, stallNanos);
        }
    }

    /** Closes every connection, and any that opens from now on. */
    public void closeAll(Closing why) {
        if (closing == null) {
            closing = why; // late ones hear the first, gracious word: by then nothing else is queued for them
        }
        for (Outbound connection : live) {
            connection.close(why);
        }
    }
}
