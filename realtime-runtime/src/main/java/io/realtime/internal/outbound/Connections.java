package io.realtime.internal.outbound;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The application's open connections, for heartbeats, stall checks, statistics and shutdown. */
public final class Connections {

    private final Set<Outbound> live = ConcurrentHashMap.newKeySet();

    void add(Outbound connection) {
        live.add(connection);
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

    public void closeAll(Closing why) {
        for (Outbound connection : live) {
            connection.close(why);
        }
    }
}
