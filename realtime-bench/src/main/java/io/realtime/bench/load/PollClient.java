package io.realtime.bench.load;

import java.io.IOException;

/**
 * A long-poll client on one keep-alive connection: each answer is scanned for ticks and the next request sent at
 * once, with the position the dialect reads from the answer. It counts as open once the first answer (the
 * starting position) has come and the first held poll is on its way.
 */
final class PollClient extends Client {

    private final Bytes body = new Bytes(256);
    private String target;
    private boolean inHead = true;

    PollClient(IoLoop loop, Owner owner, Dialect dialect, Endpoints endpoints, int receiveBuffer) {
        super(loop, owner, dialect, Transport.LONG_POLL, endpoints, receiveBuffer);
    }

    @Override
    String firstRequest() {
        target = dialect.target(transport);
        return get(target, "");
    }

    @Override
    void received(long now) throws IOException {
        while (true) {
            if (inHead) {
                if (!head()) {
                    return;
                }
                inHead = false;
            }
            if (!body(body)) {
                return;
            }
            if (!answered(now)) {
                return;
            }
            inHead = true;
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
        String next = dialect.nextPoll(status, headers, body.data, body.start, body.end);
        if (next != null) {
            target = next;
        }
        if ("close".equalsIgnoreCase(headers.get("connection"))) {
            fail("the server closes the connection after each poll");
            return false;
        }
        send(get(target, ""));
        if (!open) {
            opened();
        }
        return !stalled && !closed;
    }
}
