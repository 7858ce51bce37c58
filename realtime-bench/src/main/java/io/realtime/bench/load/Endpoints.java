package io.realtime.bench.load;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server's address, and the local addresses clients connect from. A port number is one of about 28,000
 * ephemeral ports per local address, and connections closed by a client wait two minutes in TIME_WAIT before
 * their port is free: spreading clients over 127.0.0.2 to 127.0.0.17 gives the churn scenario room for hundreds
 * of thousands of connections.
 */
final class Endpoints {

    static final int LOCAL_ADDRESSES = 16;

    private final InetSocketAddress server;
    private final InetSocketAddress[] locals = new InetSocketAddress[LOCAL_ADDRESSES];
    private final AtomicInteger next = new AtomicInteger();

    Endpoints(InetSocketAddress server) {
        this.server = server;
        for (int i = 0; i < LOCAL_ADDRESSES; i++) {
            locals[i] = new InetSocketAddress("127.0.0." + (i + 2), 0);
        }
    }

    InetSocketAddress server() {
        return server;
    }

    InetSocketAddress nextLocal() {
        return locals[Math.floorMod(next.getAndIncrement(), LOCAL_ADDRESSES)];
    }
}
