package io.realtime.internal.sse;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.internal.LogCapture;
import io.realtime.internal.metrics.Metrics;
import io.realtime.internal.outbound.Connections;
import io.realtime.internal.outbound.Message;
import io.realtime.internal.outbound.Outbound;
import io.realtime.internal.outbound.OutboundServices;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

/**
 * A response the container recycled without telling the stream (Tomcat answers {@code IllegalStateException}
 * from then on, seen by the thousand in the long chaos run when many clients left at once): the connection closes
 * as a client that left, quietly, and the stream is not called again.
 */
class SseRecycledResponseTest {

    private final Queue<Runnable> writerTasks = new ArrayDeque<>();
    private final RecyclableOutput out = new RecyclableOutput();
    private final AtomicInteger completions = new AtomicInteger();
    private final SseConnection connection = new SseConnection(
            new OutboundServices(writerTasks::add, new Connections(), 10_000, Metrics.NONE),
            "/stream",
            FakeAsync.around(out, completions),
            2000,
            null);

    @Test
    void aStreamTheContainerRecycledClosesTheConnectionWithoutAWarning() {
        connection.open();
        runWriter();
        assertThat(connection.isClosed()).isFalse();

        try (LogCapture log = LogCapture.of(Level.FINEST, Outbound.class.getName())) {
            out.recycled = true;
            connection.offer(new Message("tick", "1".getBytes(StandardCharsets.UTF_8)));
            runWriter();

            assertThat(connection.isClosed()).isTrue();
            assertThat(out.callsWhileRecycled)
                    .as("calls into the recycled stream")
                    .isEqualTo(1);
            assertThat(log.records())
                    .as("nothing above DEBUG: a client that left is no failure")
                    .allSatisfy(
                            record -> assertThat(record.getLevel().intValue()).isLessThan(Level.INFO.intValue()));
        }
        connection.offer(new Message("tick", "2".getBytes(StandardCharsets.UTF_8)));
        runWriter();
        assertThat(out.callsWhileRecycled).isEqualTo(1);
        assertThat(completions.get()).as("async.complete() calls").isZero();
    }

    private void runWriter() {
        for (Runnable task = writerTasks.poll(); task != null; task = writerTasks.poll()) {
            task.run();
        }
    }

    /** Always ready; once recycled, every call fails as Tomcat's recycled facade does. */
    private static final class RecyclableOutput extends ServletOutputStream {
        boolean recycled;
        int callsWhileRecycled;

        @Override
        public boolean isReady() {
            check();
            return true;
        }

        @Override
        public void setWriteListener(WriteListener writeListener) {}

        @Override
        public void write(int b) {
            check();
        }

        @Override
        public void write(byte[] b, int off, int len) {
            check();
        }

        @Override
        public void flush() {
            check();
        }

        private void check() {
            if (recycled) {
                callsWhileRecycled++;
                throw new IllegalStateException("The output buffer object has been recycled");
            }
        }
    }
}
