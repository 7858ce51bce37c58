package io.realtime.bench.load;

import java.io.IOException;

/**
 * A long-poll client on one keep-alive connection: each answer is scanned for ticks and the next request sent with
 * the position the dialect reads from the answer, at once, or after the dialect's re-poll delay. It counts as open
 * once the first answer (the starting position) has come and the first held poll is on its way.
 */
final class PollClient extends Client {

    private final Bytes body = new Bytes(256);

    PollClient(IoLoop loop, Owner owner, Spec spec, Endpoints endpoints) {
        super(loop, owner, spec, endpoints);
    }

    @Override
    String firstRequest() {
        return get(dialect.target(transport, spec.room(), position), "");
    }

    @Override
    void received(long now) throws IOException {
        while (response(body)) {
            if (!answered(now)) {
                return;
            }
            body.clear();
        }
    }

    private boolean answered(long now) throws IOException {
        if (status != 200 && status != 204) {
            fail("HTTP " + status + ": " + body);
            return false;
        }
        if (status == 200) {
            loop.recorder.scan(this, body.data, body.start, body.end, now);
        }
        String next = dialect.nextPosition(status, headers, body.data, body.start, body.end);
        if (next != null) {
            position = next;
        }
        if ("close".equalsIgnoreCase(headers.get("connection"))) {
            fail("the server closes the connection after each poll");
            return false;
        }
        long delay = dialect.repollNanos();
        if (delay > 0) {
            loop.schedule(delay, this::poll);
        } else {
            poll();
        }
        if (!open) {
            opened();
        }
        return !stalled && !closed;
    }

    private void poll() {
        if (closed) {
            return;
        }
        try {
            send(get(
                    position == null
                            ? dialect.target(transport, spec.room(), null)
                            : dialect.pollTarget(spec.room(), position),
                    ""));
        } catch (IOException | RuntimeException e) {
            fail(e.toString());
        }
    }
}
