package io.realtime.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An uplink body, read without blocking as the container hands it over in chunks of any size, possibly ending in
 * a read error: the listener hears exactly one outcome (the kept prefix and the length, an overflow then its end,
 * or a failure), keeps exactly the body's first bytes up to the limit, and never reads more than the bound plus
 * the slack past an overflow.
 */
class RequestBodyFuzzTest {

    @FuzzTest
    void body(FuzzedDataProvider data) throws IOException {
        int keep = data.consumeInt(0, 4096);
        long bound = data.consumeLong(0, 8192);
        boolean breaks = data.consumeBoolean();
        List<Integer> chunks = new ArrayList<>();
        for (int i = data.consumeInt(0, 16); i > 0; i--) {
            chunks.add(data.consumeInt(0, 3000));
        }
        byte[] body = data.consumeRemainingAsBytes();
        Chunks in = new Chunks(body);
        Heard heard = new Heard();
        new RequestBody(in, keep, bound, heard).start();

        for (int size : chunks) {
            if (in.offered >= body.length || heard.done()) {
                break;
            }
            in.offer(size);
        }
        if (!heard.done()) {
            in.offer(body.length);
            if (breaks) {
                in.listener.onError(new IOException("broken chunk"));
            } else {
                in.listener.onAllDataRead();
            }
        }

        assertThat(heard.calls).hasSizeBetween(1, 2);
        assertThat((long) in.read).isLessThanOrEqualTo(Math.max(bound, keep) + RequestBody.SLACK + 8192);
        switch (heard.calls.get(0)) {
            case "read" -> {
                assertThat(heard.calls).hasSize(1);
                assertThat(heard.length).isEqualTo(body.length).isLessThanOrEqualTo(Math.max(bound, keep));
                assertThat(heard.kept).isEqualTo(Arrays.copyOf(body, Math.min(keep, body.length)));
            }
            case "overflowed" -> {
                assertThat(heard.calls).hasSize(2);
                assertThat(heard.calls.get(1)).isIn("finished", "failed");
                assertThat((long) body.length).isGreaterThan(Math.max(bound, keep));
            }
            default -> assertThat(heard.calls).containsExactly("failed");
        }
    }

    /** The body, offered to the reader a chunk at a time, as a container's non-blocking input would. */
    private static final class Chunks extends ServletInputStream {
        private final byte[] body;
        int offered;
        int read;
        ReadListener listener;

        Chunks(byte[] body) {
            this.body = body;
        }

        void offer(int size) throws IOException {
            offered = (int) Math.min(body.length, (long) offered + size);
            if (isReady()) {
                listener.onDataAvailable();
            }
        }

        @Override
        public int read(byte[] b, int off, int len) {
            int n = Math.min(len, offered - read);
            System.arraycopy(body, read, b, off, n);
            read += n;
            return n;
        }

        @Override
        public int read() {
            throw new UnsupportedOperationException("read in bulk");
        }

        @Override
        public boolean isFinished() {
            return read == body.length;
        }

        @Override
        public boolean isReady() {
            return read < offered;
        }

        @Override
        public void setReadListener(ReadListener value) {
            listener = value;
        }
    }

    /** What the listener heard, in order. */
    private static final class Heard implements RequestBody.Listener {
        final List<String> calls = new ArrayList<>();
        byte[] kept;
        long length;

        boolean done() {
            return calls.contains("read") || calls.contains("finished") || calls.contains("failed");
        }

        @Override
        public void read(byte[] bytes, long bodyLength) {
            kept = bytes;
            length = bodyLength;
            calls.add("read");
        }

        @Override
        public void overflowed() {
            calls.add("overflowed");
        }

        @Override
        public void finished() {
            calls.add("finished");
        }

        @Override
        public void failed(Throwable failure) {
            calls.add("failed");
        }
    }
}
