package io.realtime.internal.sse;

import java.util.Arrays;

/**
 * The frames one drain of an SSE connection writes, gathered so that they reach the container as one write: a
 * write, and an {@code isReady()} before it, per event cost more than the event itself on Tomcat (issue 19's
 * profile). One batch per writer thread, lent to one connection from its first frame until it hands the bytes to
 * the container in the same drain, so an idle connection holds no batch.
 *
 * <p>Threading: confined to the writer thread that owns it.
 */
final class SseBatch {

    /** Frames are gathered up to about this many bytes; a larger single frame makes a larger batch, once. */
    static final int LIMIT = 64 * 1024;

    private static final ThreadLocal<SseBatch> PER_THREAD = ThreadLocal.withInitial(SseBatch::new);

    private byte[] bytes = new byte[8192];
    private int size;

    /** @return this thread's batch, emptied: whatever a connection that failed mid-drain left in it is dropped */
    static SseBatch lend() {
        SseBatch batch = PER_THREAD.get();
        batch.size = 0;
        return batch;
    }

    void append(byte[] frame) {
        if (size + frame.length > bytes.length) {
            // Grows to hold the limit and at most one frame past it; a frame larger than the buffer is kept only
            // for as long as its batch, then the buffer shrinks back.
            bytes = Arrays.copyOf(bytes, Math.max(size + frame.length, Math.min(2 * bytes.length, LIMIT)));
        }
        System.arraycopy(frame, 0, bytes, size, frame.length);
        size += frame.length;
    }

    boolean isFull() {
        return size >= LIMIT;
    }

    byte[] array() {
        return bytes;
    }

    int size() {
        return size;
    }

    /** Empties the batch after its bytes were written, and lets go of a buffer that one large frame grew. */
    void clear() {
        size = 0;
        if (bytes.length > LIMIT) {
            bytes = new byte[LIMIT];
        }
    }
}
