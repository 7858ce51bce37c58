package io.realtime.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestBodyTest {

    /** A body that arrives as the test says; counts what was read of it. */
    static final class Arriving extends ServletInputStream {
        long available;
        long read;
        byte next;
        ReadListener listener;

        void arrive(long bytes) throws IOException {
            available += bytes;
            listener.onDataAvailable();
        }

        void end() throws IOException {
            listener.onAllDataRead();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            int n = (int) Math.min(len, available);
            for (int i = 0; i < n; i++) {
                b[off + i] = next++;
            }
            available -= n;
            read += n;
            return n;
        }

        @Override
        public int read() {
            throw new UnsupportedOperationException("read in bulk");
        }

        @Override
        public boolean isFinished() {
            return false;
        }

        @Override
        public boolean isReady() {
            return available > 0;
        }

        @Override
        public void setReadListener(ReadListener value) {
            listener = value;
        }
    }

    /** What the listener heard, in order. */
    static final class Heard implements RequestBody.Listener {
        final List<String> calls = new ArrayList<>();
        byte[] kept;

        @Override
        public void read(byte[] bytes, long length) {
            kept = bytes;
            calls.add("read " + length);
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
            calls.add("failed " + failure.getMessage());
        }
    }

    private final Arriving in = new Arriving();
    private final Heard heard = new Heard();

    @Test
    void aBodyWithinWhatIsKeptIsReadWhole() throws IOException {
        new RequestBody(in, 100, 1000, heard).start();
        in.arrive(60);
        in.arrive(40);
        in.end();
        assertThat(heard.calls).containsExactly("read 100");
        assertThat(heard.kept).hasSize(100);
        assertThat(heard.kept[99]).isEqualTo((byte) 99);
    }

    @Test
    void aBodyBeyondWhatIsKeptIsReadToItsEndAndDiscarded() throws IOException {
        new RequestBody(in, 100, 100_000, heard).start();
        in.arrive(30_000);
        in.arrive(50_000);
        in.end();
        assertThat(heard.calls).containsExactly("read 80000");
        assertThat(heard.kept).as("the first bytes only").hasSize(100);
        assertThat(in.read).isEqualTo(80_000);
    }

    @Test
    void aBodyPastTheBoundOverflowsThenIsReadForTheSlackAtMost() throws IOException {
        new RequestBody(in, 100, 10_000, heard).start();
        in.arrive(10_000);
        assertThat(heard.calls).isEmpty();
        in.arrive(1);
        assertThat(heard.calls).containsExactly("overflowed");
        in.arrive(RequestBody.SLACK + 50_000); // a client that keeps sending
        assertThat(heard.calls).containsExactly("overflowed", "finished");
        assertThat(in.read)
                .as("reading stops within a buffer of the bound and the slack")
                .isGreaterThan(10_000 + RequestBody.SLACK)
                .isLessThanOrEqualTo(10_000 + RequestBody.SLACK + 8192);
        in.end();
        assertThat(heard.calls).as("nothing more").containsExactly("overflowed", "finished");
    }

    @Test
    void aBodyThatEndsWithinTheSlackFinishesAtItsEnd() throws IOException {
        new RequestBody(in, 0, 0, heard).start();
        in.arrive(5_000);
        in.end();
        assertThat(heard.calls).containsExactly("overflowed", "finished");
    }

    @Test
    void aFailureIsToldOnce() throws IOException {
        new RequestBody(in, 100, 1000, heard).start();
        in.arrive(10);
        in.listener.onError(new IOException("early EOF"));
        in.end();
        assertThat(heard.calls).containsExactly("failed early EOF");
    }
}
