package io.realtime.bench.load;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The servers' addresses, taken in turn by new clients (one server, or the nodes that share topics through a
 * backplane), and the local addresses clients connect from. A port number is one of about 28,000 ephemeral ports
 * per local address, and connections closed by a client wait two minutes in TIME_WAIT before their port is free:
 * spreading clients over 127.0.0.2 to 127.0.0.17 gives the churn scenario room for hundreds of thousands of
 * connections.
 */
final class Endpoints {

    static final int LOCAL_ADDRESSES = 16;

    private final List<InetSocketAddress> servers;
    private final InetSocketAddress[] locals = new InetSocketAddress[LOCAL_ADDRESSES];
    private final AtomicInteger nextLocal = new AtomicInteger();
    private final AtomicInteger nextServer = new AtomicInteger();

    Endpoints(List<InetSocketAddress> servers) {
        this.servers = List.copyOf(servers);
        for (int i = 0; i < LOCAL_ADDRESSES; i++) {
            locals[i] = new InetSocketAddress("127.0.0." + (i + 2), 0);
        }
    }

    InetSocketAddress nextServer() {
        return servers.get(Math.floorMod(nextServer.getAndIncrement(), servers.size()));
    }

    /** The first server: the one probes ask. */
    InetSocketAddress first() {
        return servers.get(0);
    }

    InetSocketAddress nextLocal() {
        return locals[Math.floorMod(nextLocal.getAndIncrement(), LOCAL_ADDRESSES)];
    }
}
