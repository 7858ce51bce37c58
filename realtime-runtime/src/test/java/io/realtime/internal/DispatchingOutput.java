package io.realtime.internal;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A response's stream that runs the first {@code onWritePossible} the way Tomcat 11 does when the listener is set
 * off the request's own thread ({@code Response.setWriteListener}, then {@code AbstractProcessor.executeDispatches}):
 * it queues the dispatch, then takes the socket's lock and runs it unless a container thread that held the lock ran
 * it first. Every call tells {@code touched}, so that a test can count calls made after the response completed.
 */
public final class DispatchingOutput extends ServletOutputStream {

    /** The socket's lock: container threads hold it while they run the request's callbacks. */
    public final ReentrantLock socketLock = new ReentrantLock();
    /** Counted down once a listener is set and its first dispatch queued. */
    public final CountDownLatch listenerSet = new CountDownLatch(1);

    private final AtomicBoolean dispatchQueued = new AtomicBoolean();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final AtomicInteger flushes = new AtomicInteger();
    private final Runnable touched;
    private volatile WriteListener listener;

    public DispatchingOutput(Runnable touched) {
        this.touched = touched;
    }

    @Override
    public void setWriteListener(WriteListener writeListener) {
        touched.run();
        listener = writeListener;
        dispatchQueued.set(true);
        listenerSet.countDown();
        socketLock.lock();
        try {
            runQueuedDispatch();
        } finally {
            socketLock.unlock();
        }
    }

    /** Runs the queued first {@code onWritePossible}, if nobody has; as a container thread would, under the lock. */
    public void runQueuedDispatch() {
        if (dispatchQueued.getAndSet(false)) {
            try {
                listener.onWritePossible();
            } catch (IOException e) {
                listener.onError(e);
            }
        }
    }

    @Override
    public boolean isReady() {
        touched.run();
        return true;
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        touched.run();
        synchronized (bytes) {
            bytes.write(b, off, len);
        }
    }

    @Override
    public void flush() {
        touched.run();
        flushes.incrementAndGet();
    }

    public byte[] bytes() {
        synchronized (bytes) {
            return bytes.toByteArray();
        }
    }

    public int flushes() {
        return flushes.get();
    }
}
