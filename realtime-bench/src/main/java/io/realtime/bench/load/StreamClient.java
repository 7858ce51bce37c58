package io.realtime.bench.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A Server-Sent Events client: the response head, then every complete line of the body is scanned for ticks, and
 * for {@code id:} lines where the dialect resumes, so that it can resume from the last one.
 */
final class StreamClient extends Client {

    private static final byte[] ID = "id: ".getBytes(StandardCharsets.US_ASCII);

    private final Bytes body = new Bytes(256);
    private final boolean resumes;
    private boolean streaming;

    StreamClient(IoLoop loop, Owner owner, Spec spec, Endpoints endpoints) {
        super(loop, owner, spec, endpoints);
        this.resumes = dialect.resumes(Transport.SSE);
    }

    @Override
    String firstRequest() {
        return get(dialect.target(transport, spec.room(), position), "");
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
            if (resumes) {
                lastId(body.start, lineEnd + 1);
            }
            body.start = lineEnd + 1;
            if (body.length() == 0) {
                body.clear();
            }
        }
        if (ended) {
            fail("the stream ended");
        }
    }

    /** Keeps the value of the last {@code id:} line in {@code [from, to)}, which ends with a line feed. */
    private void lastId(int from, int to) {
        byte[] data = body.data;
        for (int end = to - 1; end >= from; ) { // data[end] ends the line
            int start = end;
            while (start > from && data[start - 1] != '\n') {
                start--;
            }
            if (end - start > ID.length && Bytes.indexOf(data, ID, start, start + ID.length) == start) {
                position = new String(data, start + ID.length, end - start - ID.length, StandardCharsets.US_ASCII);
                return;
            }
            end = start - 1;
        }
    }
}
