package io.realtime.bench.server.strong;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One stream's single writer. A signal schedules a drain on the writer pool unless one is scheduled, running or
 * waiting for the container: {@link #pending} counts signals, and only the signal that raises it from zero
 * schedules. A drain writes everything the client is missing in as few writes as possible (one array of at most
 * {@link #BATCH} bytes each), flushes once, and ends when no signal came meanwhile. When the container cannot take
 * more ({@code isReady()} is false) the drain stops without giving up its turn, and the container's
 * {@code onWritePossible} continues it on the container's thread.
 *
 * <p>The drain and the container's callbacks share the response under this object's lock, and nothing touches
 * the response once the container has reported an error or the completion: Tomcat recycles a finished request's
 * objects for the next connection, so a write still running on a writer thread when a container thread ended the
 * request because its client left would land in another client's response, and a {@code complete()} would end
 * it. For the same reason a stream whose client has gone is left for the container to complete.
 */
final class StreamWriter implements Channel.Follower, Runnable, WriteListener, AsyncListener {

    /** The most bytes written in one call. */
    static final int BATCH = 64 * 1024;

    private static final byte[] HEARTBEAT = ":\n\n".getBytes(StandardCharsets.US_ASCII);

    private final Channel channel;
    private final AsyncContext async;
    private final ServletOutputStream out;
    private final Executor writers;
    private final AtomicInteger pending = new AtomicInteger(1); // the container's first onWritePossible starts
    private long next; // the offset of the next frame to write; only the drain touches it
    private boolean unflushed = true; // the response head goes out with the first flush
    private volatile boolean heartbeat;
    private volatile long lastWrite = System.nanoTime();
    private boolean closed; // guarded by this: once set, nothing touches the response again

    StreamWriter(Channel channel, AsyncContext async, ServletOutputStream out, long next, Executor writers) {
        this.channel = channel;
        this.async = async;
        this.out = out;
        this.next = next;
        this.writers = writers;
    }

    void start() {
        out.setWriteListener(this);
    }

    @Override
    public void signal() {
        if (pending.getAndIncrement() == 0) {
            writers.execute(this);
        }
    }

    void heartbeatIfSilent(long now, long idleNanos) {
        if (now - lastWrite >= idleNanos) {
            heartbeat = true;
            signal();
        }
    }

    @Override
    public void run() {
        drain();
    }

    @Override
    public void onWritePossible() {
        drain();
    }

    private void drain() {
        int seen = pending.get();
        while (true) {
            synchronized (this) { // shared with the container's callbacks: see the class comment
                if (closed) {
                    return;
                }
                try {
                    boolean behind = next <= channel.ring.head();
                    if (!behind && !heartbeat && !unflushed) {
                        seen = pending.addAndGet(-seen);
                        if (seen == 0) {
                            return;
                        }
                        continue;
                    }
                    if (!out.isReady()) { // asked only when there is something to write: it is not free
                        return; // onWritePossible continues, and signals meanwhile only count
                    }
                    if (behind) {
                        if (!writeBacklog()) {
                            close(); // fell out of the ring: the client resumes from its last id
                            return;
                        }
                    } else if (heartbeat) {
                        heartbeat = false;
                        out.write(HEARTBEAT);
                        unflushed = true;
                    } else {
                        unflushed = false;
                        out.flush();
                        lastWrite = System.nanoTime();
                    }
                } catch (IOException | IllegalStateException e) {
                    // The client has gone: the container tells the listeners and completes the request itself.
                    gone();
                    return;
                }
            }
        }
    }

    /** Writes frames from {@link #next} on, at most {@link #BATCH} bytes; false if one has left the ring. */
    private boolean writeBacklog() throws IOException {
        Ring ring = channel.ring;
        long head = ring.head();
        Frame first = ring.at(next);
        if (first == null) {
            return false;
        }
        if (next == head || first.sse().length >= BATCH) {
            out.write(first.sse()); // a frame is immutable: the container may keep it until written
            next++;
            unflushed = true;
            return true;
        }
        int total = 0;
        long last = next - 1;
        for (long offset = next; offset <= head; offset++) {
            Frame frame = ring.at(offset);
            if (frame == null) {
                return false;
            }
            if (total + frame.sse().length > BATCH) {
                break;
            }
            total += frame.sse().length;
            last = offset;
        }
        byte[] batch = new byte[total]; // fresh: the container may keep it until written
        int at = 0;
        for (long offset = next; offset <= last; offset++) {
            Frame frame = ring.at(offset);
            if (frame == null) {
                return false;
            }
            System.arraycopy(frame.sse(), 0, batch, at, frame.sse().length);
            at += frame.sse().length;
        }
        out.write(batch);
        next = last + 1;
        unflushed = true;
        return true;
    }

    /** Ends a healthy stream (one that fell out of the ring, or timed out); called holding the lock. */
    private void close() {
        gone();
        try {
            async.complete();
        } catch (IllegalStateException e) {
            // completed by the container meanwhile
        }
    }

    private void gone() {
        closed = true;
        channel.followers.remove(this);
    }

    @Override
    public synchronized void onError(Throwable failure) {
        gone();
    }

    @Override
    public synchronized void onComplete(AsyncEvent event) {
        gone();
    }

    @Override
    public synchronized void onTimeout(AsyncEvent event) {
        if (!closed) {
            close();
        }
    }

    @Override
    public synchronized void onError(AsyncEvent event) {
        gone();
    }

    @Override
    public void onStartAsync(AsyncEvent event) {}
}
