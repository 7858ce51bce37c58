package io.realtime.internal.sse;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.internal.metrics.Metrics;
import io.realtime.internal.outbound.Connections;
import io.realtime.internal.outbound.Message;
import io.realtime.internal.outbound.OutboundServices;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Queue;
import org.junit.jupiter.api.Test;

/**
 * What an SSE connection asks of its container when it drains a backlog: the frames of one drain go out as one
 * write of at most about 64 KiB and one flush, with {@code isReady()} asked before each of them, not per event; and
 * once the container says it can take more, its own thread goes on writing.
 */
class SseBatchingTest {

    private static final long RETRY = 2000;

    private final Queue<Runnable> writerTasks = new ArrayDeque<>();
    private final CountingOutput out = new CountingOutput();
    private final SseConnection connection = new SseConnection(
            new OutboundServices(writerTasks::add, new Connections(), 10_000, Metrics.NONE),
            "/stream",
            async(response(out)),
            RETRY,
            null);

    @Test
    void aBacklogIsOneWriteAndOneFlush() {
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes(SseFormat.preamble(RETRY));
        for (int i = 0; i < 300; i++) {
            Message message = message(i, 100);
            connection.offer(message);
            expected.writeBytes(SseFormat.message(message));
        }

        connection.open();
        runWriter();

        assertThat(out.bytes.toByteArray()).isEqualTo(expected.toByteArray());
        assertThat(out.writes).isEqualTo(1);
        assertThat(out.flushes).isEqualTo(1);
        assertThat(out.readyAsked).isEqualTo(2);
        assertThat(out.illegalCalls).isZero();
    }

    @Test
    void aLargeBacklogIsWrittenInBoundedPieces() {
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes(SseFormat.preamble(RETRY));
        for (int i = 0; i < 1000; i++) {
            Message message = message(i, 1000);
            connection.offer(message);
            expected.writeBytes(SseFormat.message(message));
        }

        connection.open();
        runWriter();

        assertThat(out.bytes.toByteArray()).isEqualTo(expected.toByteArray());
        assertThat(out.largestWrite).isLessThan(SseBatch.LIMIT + 1100);
        assertThat(out.writes)
                .isBetween(expected.size() / (SseBatch.LIMIT + 1100), expected.size() / SseBatch.LIMIT + 1);
        assertThat(out.flushes).isEqualTo(1);
        assertThat(out.readyAsked).isEqualTo(out.writes + 1);
        assertThat(out.illegalCalls).isZero();
    }

    @Test
    void aFlushTheContainerIsNotReadyForWaitsForItsSignalAndThenGoesOnOnTheContainersThread() throws IOException {
        connection.open();
        runWriter();
        out.busyAfterWrite = true;
        Message first = message(1, 100);
        connection.offer(first);
        runWriter();
        Message second = message(2, 100);
        connection.offer(second);
        runWriter();
        assertThat(out.writes).as("the preamble, then the first event").isEqualTo(2);
        assertThat(out.flushes).as("the preamble's").isEqualTo(1);

        out.busyAfterWrite = false;
        out.ready = true;
        out.listener.onWritePossible();
        assertThat(writerTasks)
                .as("the container's thread went on writing, with nothing handed to the writer executor")
                .isEmpty();
        assertThat(out.writes).isEqualTo(3);
        assertThat(out.flushes).isEqualTo(2);
        runWriter();

        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes(SseFormat.preamble(RETRY));
        expected.writeBytes(SseFormat.message(first));
        expected.writeBytes(SseFormat.message(second));
        assertThat(out.bytes.toByteArray()).isEqualTo(expected.toByteArray());
        assertThat(out.writes).isEqualTo(3);
        assertThat(out.flushes).isEqualTo(2);
        assertThat(out.illegalCalls).isZero();
    }

    private void runWriter() {
        for (Runnable task = writerTasks.poll(); task != null; task = writerTasks.poll()) {
            task.run();
        }
    }

    private static Message message(int number, int size) {
        byte[] data = new byte[size];
        Arrays.fill(data, (byte) ('a' + number % 26));
        data[0] = '"';
        data[size - 1] = '"';
        return new Message("tick", data);
    }

    /**
     * An output stream that keeps to the servlet rules of non-blocking I/O: a write or flush after {@code isReady()}
     * said no, or without asking it since the last write, counts as illegal. When told, it is busy after each
     * write until the test says otherwise.
     */
    private static final class CountingOutput extends ServletOutputStream {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        WriteListener listener;
        boolean ready = true;
        boolean busyAfterWrite;
        boolean askedSinceWrite;
        int readyAsked;
        int writes;
        int flushes;
        int largestWrite;
        int illegalCalls;

        @Override
        public boolean isReady() {
            readyAsked++;
            askedSinceWrite = ready;
            return ready;
        }

        @Override
        public void setWriteListener(WriteListener writeListener) {
            listener = writeListener;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            check();
            writes++;
            ready = !busyAfterWrite;
            largestWrite = Math.max(largestWrite, len);
            bytes.write(b, off, len);
        }

        @Override
        public void flush() {
            check();
            flushes++;
        }

        private void check() {
            if (!askedSinceWrite) {
                illegalCalls++;
            }
            askedSinceWrite = false;
        }
    }

    private static HttpServletResponse response(ServletOutputStream out) {
        return (HttpServletResponse) Proxy.newProxyInstance(
                SseBatchingTest.class.getClassLoader(),
                new Class<?>[] {HttpServletResponse.class},
                (proxy, method, args) -> method.getName().equals("getOutputStream") ? out : null);
    }

    private static AsyncContext async(HttpServletResponse response) {
        return (AsyncContext) Proxy.newProxyInstance(
                SseBatchingTest.class.getClassLoader(),
                new Class<?>[] {AsyncContext.class},
                (proxy, method, args) -> method.getName().equals("getResponse") ? response : null);
    }
}
