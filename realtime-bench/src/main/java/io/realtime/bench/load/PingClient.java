package io.realtime.bench.load;

import io.realtime.bench.Tick;
import java.io.IOException;

/**
 * A plain request to the server, again and again on one keep-alive connection ({@code GET /control/ping}, a few
 * bytes answered at once by the container): how long the server takes to answer anything while it is busy. The
 * next request goes out a fixed interval after the previous one was sent, or at once when the answer took longer.
 */
final class PingClient extends Client {

    private final Bytes body = new Bytes(64);
    private final long intervalNanos;
    private final Histogram times = new Histogram();
    private long sentMicros;
    private long sentNanos;

    PingClient(IoLoop loop, Owner owner, Spec spec, Endpoints endpoints, long intervalNanos) {
        super(loop, owner, spec, endpoints);
        this.intervalNanos = intervalNanos;
    }

    @Override
    String firstRequest() {
        sentMicros = Tick.nowMicros();
        sentNanos = System.nanoTime();
        return request();
    }

    /** The answer times so far, in microseconds; read on the loop's thread. */
    Histogram times() {
        return times;
    }

    @Override
    void received(long now) throws IOException {
        while (response(body)) {
            if (status != 200) {
                fail("HTTP " + status + " from the ping");
                return;
            }
            times.record(now - sentMicros);
            if (!open) {
                opened();
            }
            body.clear();
            long wait = sentNanos + intervalNanos - System.nanoTime();
            if (wait > 0) {
                loop.schedule(wait, this::ping);
            } else {
                ping();
            }
        }
    }

    private void ping() {
        if (closed) {
            return;
        }
        try {
            sentMicros = Tick.nowMicros();
            sentNanos = System.nanoTime();
            send(request());
        } catch (IOException | RuntimeException e) {
            fail(e.toString());
        }
    }

    private String request() {
        return get("/control/ping", "");
    }
}
