package io.realtime.internal.outbound;

import io.realtime.internal.SerialTask;
import io.realtime.internal.topic.LogEvent;
import io.realtime.internal.topic.TopicReader;
import io.realtime.internal.topic.TopicRegistry;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The outbound half of one connection, whatever the transport: a single writer that drains, in order, the
 * connection's preamble, its bounded queue of direct messages, and the topic it follows, then heartbeats and
 * the closing frame (design §5 and §7).
 *
 * <p>Only one thread writes at a time: {@link #signal()} schedules a drain on the writer executor unless one is
 * already running, in which case the running drain loops once more ({@link SerialTask}). Writes are non-blocking:
 * when the transport is not ready, the drain returns and the transport signals again when it is. A topic is not
 * copied into the queue; the drain reads it through its {@link TopicReader}, from the connection's own cursor, so
 * a slow connection costs a cursor, and one that falls out of the window gets a {@code reset}. A connection that
 * has had data waiting for longer than the stall timeout is closed as a slow consumer and comes back through
 * history.
 */
public abstract class Outbound {

    private static final System.Logger LOG = System.getLogger(Outbound.class.getName());

    private static final int NEW = 0;
    private static final int OPEN = 1;
    private static final int REFUSED = 2;

    private final SerialTask writer;
    private final Connections registry;
    private final AtomicInteger phase = new AtomicInteger(NEW);
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Queue<Outgoing> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final int capacity;
    private final List<Runnable> closeCallbacks = new ArrayList<>();

    private volatile boolean started; // set once the transport is open; publishes its fields to the writer
    private volatile Closing closing;
    private volatile boolean heartbeatDue;
    private volatile long lastWriteNanos = System.nanoTime();
    private volatile long blockedSinceNanos;
    private volatile Runnable roomListener;

    private volatile TopicReader subscription; // set once the connection subscribes, positioned or not
    private volatile TopicReader reader; // set once positioned: from then on read by the writer alone
    private final TopicReader.Target<IOException> transport = new TopicReader.Target<>() {
        @Override
        public boolean event(LogEvent event) throws IOException {
            writeEvent(event);
            return true;
        }

        @Override
        public boolean reset(String cursor) throws IOException {
            writeReset(cursor);
            return true;
        }
    };

    // Confined to the writer (the drain).
    private boolean preamblePending = true;
    private boolean dirty;
    private boolean finalWritten;

    protected Outbound(OutboundServices services) {
        this.writer = new SerialTask(services.writers(), this::drain, () -> finish(Closing.SHUTDOWN));
        this.registry = services.connections();
        this.capacity = services.queueCapacity();
    }

    // ---- transport hooks; called by the single writer only ----

    /** @return whether a write now would not block; if not, the transport signals when it would */
    protected abstract boolean ready();

    /** Writes whatever opens the stream (SSE {@code retry:}); nothing by default. */
    protected void writePreamble() throws IOException {}

    protected abstract void writeEvent(LogEvent event) throws IOException;

    protected abstract void writeMessage(Message message) throws IOException;

    /** Writes the reply to one of the client's messages; only a transport that carries messages has any. */
    protected void writeReply(Reply reply) throws IOException {
        throw new IllegalStateException(getClass().getSimpleName() + " carries no replies");
    }

    /** Tells the client its cursor is unknown and it continues from {@code cursor} (docs/protocol.md "reset"). */
    protected abstract void writeReset(String cursor) throws IOException;

    protected abstract void writeHeartbeat() throws IOException;

    /** Writes the frame that announces a graceful close, if the transport has one. */
    protected void writeFinal(Closing closing) throws IOException {}

    /** Pushes buffered writes to the network. */
    protected void flush() throws IOException {}

    /** Closes the underlying connection. Called once, by the writer or by whoever saw the peer go. */
    protected abstract void closeTransport(Closing closing);

    /** Makes the transport start calling back: headers, write listener. Called once, before any write. */
    protected abstract void openTransport();

    // ---- lifecycle ----

    /**
     * Opens the connection for writing, once: registers it and starts the transport. Later calls do nothing.
     *
     * @return whether this call opened it
     */
    public final boolean open() {
        if (!phase.compareAndSet(NEW, OPEN)) {
            return false;
        }
        registry.add(this);
        if (closed.get()) { // the peer went while the method ran
            registry.remove(this);
            return false;
        }
        openTransport();
        started = true;
        signal();
        return true;
    }

    /**
     * Claims a connection that never opened, so the caller may answer with an error instead.
     *
     * @return whether the connection had not opened and now never will
     */
    public final boolean refuse() {
        return phase.compareAndSet(NEW, REFUSED);
    }

    public final boolean isOpen() {
        return phase.get() == OPEN && !closed.get() && closing == null;
    }

    public final boolean isClosed() {
        return closed.get();
    }

    /**
     * Subscribes the connection to a topic: the reader wakes this connection's writer, and reads nothing until it
     * is {@link #follow followed}, once positioned. At most one topic per connection for now, so that one cursor
     * says exactly what the client has (docs/protocol.md, "Cursors"). The subscription ends with the connection.
     *
     * @param topics the application's topics
     * @param topic the topic's name
     * @return the reader, to position at the client's cursor
     */
    public final TopicReader subscribe(TopicRegistry topics, String topic) {
        TopicReader subscribed = topics.reader(topic, this::signal);
        synchronized (this) {
            if (subscription != null) {
                subscribed.close();
                throw new IllegalStateException("This connection already follows topic '" + subscription.topic() + "'");
            }
            subscription = subscribed;
        }
        if (closed.get()) {
            subscribed.close(); // finish() may have looked before the subscription was set
        }
        return subscribed;
    }

    /**
     * Starts reading the topic this connection subscribed to, from where its reader was positioned; a reader
     * positioned at an unknown cursor makes the client hear {@code reset} first.
     *
     * @param positioned the reader {@link #subscribe} returned, positioned
     */
    public final void follow(TopicReader positioned) {
        if (positioned != subscription) {
            throw new IllegalStateException("Follow the reader this connection subscribed");
        }
        reader = positioned; // volatile: publishes the reader's position to the writer
        signal();
    }

    /**
     * Queues an event for this connection alone, or a reply to one of its messages.
     *
     * @return whether it was queued; {@code false} when closed, or when the queue overflowed, which closes the
     *     connection as a slow consumer
     */
    public final boolean offer(Outgoing message) {
        if (closed.get() || closing != null) {
            return false;
        }
        if (queued.incrementAndGet() > capacity) {
            queued.decrementAndGet();
            close(Closing.SLOW_CONSUMER);
            return false;
        }
        queue.add(message);
        signal();
        return true;
    }

    /** @return how many messages wait in the queue */
    final int queued() {
        return queued.get();
    }

    /** @return how many more messages the queue accepts now */
    public final int room() {
        return capacity - queued.get();
    }

    /** Runs {@code listener} (once) after the queue has drained to half its capacity or less. */
    public final void whenRoom(Runnable listener) {
        roomListener = listener;
        if (room() >= capacity / 2) {
            takeRoomListener();
        }
    }

    /**
     * Asks the connection to close: {@link Closing.Kind#END} after the queue is written, others at once.
     * Idempotent; the first request wins.
     */
    public final void close(Closing why) {
        if (phase.get() == NEW && phase.compareAndSet(NEW, REFUSED)) {
            finish(why);
            return;
        }
        synchronized (this) {
            // An abort overrides a graceful close still waiting for a client that does not read, and a revoked
            // identity overrides an end still writing the queue: nothing more may reach that client.
            if (closing == null
                    || (why.kind() == Closing.Kind.ABORT && closing.kind() != Closing.Kind.ABORT)
                    || (why.kind() == Closing.Kind.REVOKED && closing.kind() == Closing.Kind.END)) {
                closing = why;
            }
        }
        signal();
    }

    /**
     * Closes at once, on the calling thread rather than the writer's, for a transport whose container lets any
     * thread close it while a write is in flight (WebSocket: a close frame may go out between messages, RFC 6455
     * §5.4). Nothing queued is written. Idempotent; the first close wins.
     */
    public final void closeNow(Closing why) {
        finish(why);
    }

    /** The transport saw the peer go: nothing more can be written. */
    public final void peerGone() {
        finish(Closing.PEER_GONE);
    }

    /**
     * Registers a callback for when the connection closes; runs it at once if already closed.
     *
     * @param callback must not block
     */
    public final void onClose(Runnable callback) {
        synchronized (closeCallbacks) {
            if (!closed.get()) {
                closeCallbacks.add(callback);
                return;
            }
        }
        callback.run();
    }

    /**
     * Called about every second by the runtime's scheduler: closes a stalled connection, and asks for a
     * heartbeat when the connection has been silent for {@code heartbeatNanos}.
     */
    public final void tick(long nowNanos, long heartbeatNanos, long stallNanos) {
        if (!started || closed.get()) {
            return;
        }
        long blocked = blockedSinceNanos;
        if (blocked != 0 && nowNanos - blocked > stallNanos) {
            close(Closing.SLOW_CONSUMER);
        } else if (nowNanos - lastWriteNanos >= heartbeatNanos) {
            heartbeatDue = true;
            signal();
        }
    }

    // ---- the single writer ----

    /** Something may be ready to write: runs the writer soon, on the writer executor. Any thread; never blocks. */
    protected final void signal() {
        writer.wake();
    }

    private void drain() {
        if (started && !closed.get()) {
            try {
                drainOnce();
            } catch (IOException e) {
                finish(Closing.PEER_GONE);
            } catch (RuntimeException | Error e) {
                LOG.log(Level.WARNING, "Closing a connection after an unexpected failure while writing", e);
                finish(Closing.FAILED);
            }
        }
    }

    private void drainOnce() throws IOException {
        while (!closed.get()) {
            Closing why = closing;
            if (why != null && why.kind() == Closing.Kind.ABORT) {
                finish(why);
                return;
            }
            if (!ready()) {
                if (blockedSinceNanos == 0) {
                    blockedSinceNanos = System.nanoTime();
                }
                return;
            }
            blockedSinceNanos = 0;
            if (why != null && (why.kind() != Closing.Kind.END || !hasPending())) {
                if (!finalWritten) {
                    finalWritten = true;
                    writeFinal(why);
                    wrote();
                } else if (dirty) {
                    dirty = false;
                    flush();
                } else {
                    finish(why);
                    return;
                }
            } else if (writeNext()) {
                wrote();
            } else if (dirty) {
                dirty = false;
                flush();
            } else if (heartbeatDue) {
                heartbeatDue = false;
                writeHeartbeat();
                wrote();
            } else {
                return;
            }
        }
    }

    private void wrote() {
        dirty = true;
        lastWriteNanos = System.nanoTime();
    }

    private boolean hasPending() {
        if (preamblePending || !queue.isEmpty()) {
            return true;
        }
        TopicReader r = reader;
        return r != null && r.hasNext();
    }

    /** Writes the next frame, if any: preamble, queued events and replies, then the topic. */
    private boolean writeNext() throws IOException {
        if (preamblePending) {
            preamblePending = false;
            writePreamble();
            return true;
        }
        Outgoing next = queue.poll();
        if (next != null) {
            if (queued.decrementAndGet() <= capacity / 2 && roomListener != null) {
                takeRoomListener();
            }
            if (next instanceof Reply reply) {
                writeReply(reply);
            } else {
                writeMessage((Message) next);
            }
            return true;
        }
        TopicReader r = reader;
        return r != null && r.read(transport);
    }

    private void takeRoomListener() {
        Runnable listener = roomListener;
        roomListener = null;
        if (listener != null) {
            listener.run();
        }
    }

    private void finish(Closing why) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        phase.compareAndSet(NEW, REFUSED);
        TopicReader subscribed = subscription;
        if (subscribed != null) {
            subscribed.close();
        }
        try {
            closeTransport(why);
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "Closing a transport failed", e);
        }
        queue.clear();
        queued.set(0);
        List<Runnable> callbacks;
        synchronized (closeCallbacks) {
            callbacks = new ArrayList<>(closeCallbacks);
            closeCallbacks.clear();
        }
        for (Runnable callback : callbacks) {
            try {
                callback.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "A close callback failed", e);
            }
        }
        takeRoomListener();
        registry.remove(this); // last: a connection no longer counted has run all of its close callbacks
    }
}
