package io.realtime.internal.sse;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.internal.metrics.Metrics;
import io.realtime.internal.outbound.Closing;
import io.realtime.internal.outbound.Connections;
import io.realtime.internal.outbound.Message;
import io.realtime.internal.outbound.OutboundServices;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A stream has no container timeout, so a container times it out only as the application stops (Tomcat, once
 * the context is unavailable, possibly before the runtime's goodbye): the client hears the goodbye from the
 * timeout, exactly once, whichever of the two comes first.
 */
class SseContainerTimeoutTest {

    private static final String GOODBYE = "retry: 2000\nevent: reconnect\ndata: {}\n\n";

    private final Queue<Runnable> writerTasks = new ArrayDeque<>();
    private final RecordingOutput out = new RecordingOutput();
    private final AtomicInteger completions = new AtomicInteger();
    private final SseConnection connection = new SseConnection(
            new OutboundServices(writerTasks::add, new Connections(), 10_000, Metrics.NONE),
            "/stream",
            FakeAsync.around(out, completions),
            2000,
            null);

    @Test
    void aTimeoutBeforeTheRuntimesGoodbyeSaysItAndCompletesTheStream() {
        connection.open();
        runWriter();
        int preamble = out.bytes.size();

        connection.onTimeout(null);

        assertThat(out.text().substring(preamble)).isEqualTo(GOODBYE);
        assertThat(completions.get()).as("async.complete() calls").isEqualTo(1);
        assertThat(connection.isClosed()).isTrue();
        connection.offer(new Message("tick", "1".getBytes(StandardCharsets.UTF_8)));
        connection.close(Closing.SHUTDOWN);
        runWriter();
        assertThat(out.text().substring(preamble))
                .as("nothing after the goodbye")
                .isEqualTo(GOODBYE);
        assertThat(completions.get()).isEqualTo(1);
    }

    @Test
    void aTimeoutAfterTheWriterHandedOverTheGoodbyeDoesNotSayItAgain() {
        connection.open();
        runWriter();
        int preamble = out.bytes.size();
        // The container's timer fires between the writer's flush of the goodbye and its completion of the stream.
        out.onFlush = () -> connection.onTimeout(null);

        connection.close(Closing.SHUTDOWN);
        runWriter();

        assertThat(out.text().substring(preamble)).isEqualTo(GOODBYE);
        assertThat(completions.get()).as("async.complete() calls").isEqualTo(1);
        assertThat(connection.isClosed()).isTrue();
    }

    @Test
    void aTimeoutWhileTheContainerIsNotReadyCompletesWithoutWriting() {
        connection.open();
        runWriter();
        int preamble = out.bytes.size();
        out.ready = false;

        connection.onTimeout(null);

        assertThat(out.bytes.size()).as("bytes written after the preamble").isEqualTo(preamble);
        assertThat(completions.get()).isEqualTo(1);
        assertThat(connection.isClosed()).isTrue();
    }

    private void runWriter() {
        for (Runnable task = writerTasks.poll(); task != null; task = writerTasks.poll()) {
            task.run();
        }
    }

    /** Records what is written; ready unless told otherwise, and refuses a write when not, as Tomcat does. */
    private static final class RecordingOutput extends ServletOutputStream {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        boolean ready = true;
        Runnable onFlush;

        String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }

        @Override
        public boolean isReady() {
            return ready;
        }

        @Override
        public void setWriteListener(WriteListener writeListener) {}

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            if (!ready) {
                throw new IllegalStateException("not ready");
            }
            bytes.write(b, off, len);
        }

        @Override
        public void flush() {
            Runnable then = onFlush;
            onFlush = null;
            if (then != null) {
                then.run();
            }
        }
    }
}
