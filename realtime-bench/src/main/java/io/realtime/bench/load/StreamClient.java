package io.realtime.bench.load;

import java.io.IOException;

/** A Server-Sent Events client: the response head, then every complete line of the body is scanned for ticks. */
final class StreamClient extends Client {

    private final Bytes body = new Bytes(256);
    private boolean streaming;

    StreamClient(IoLoop loop, Owner owner, Dialect dialect, Endpoints endpoints, int receiveBuffer) {
        super(loop, owner, dialect, Transport.SSE, endpoints, receiveBuffer);
    }

    @Override
    String firstRequest() {
        return get(dialect.target(transport), "");
    }

    @Override
    void received(long now) throws IOException {
        if (!streaming) {
            if (!head()) {
                return;
            }
            if (status != 200) {
                fail("HTTP " + status + " instead of a stream");
                return;
            }
            streaming = true;
            opened();
        }
        boolean ended = body(body);
        int lineEnd = body.end - 1;
        while (lineEnd >= body.start && body.data[lineEnd] != '\n') {
            lineEnd--;
        }
        if (lineEnd >= body.start) {
            loop.recorder.scan(this, body.data, body.start, lineEnd + 1, now);
            body.start = lineEnd + 1;
            if (body.length() == 0) {
                body.clear();
            }
        }
        if (ended) {
            fail("the stream ended");
        }
    }
}
