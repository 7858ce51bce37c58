package io.realtime.internal.outbound;

import io.realtime.internal.Transport;
import io.realtime.internal.metrics.ConnectionMetrics;
import io.realtime.internal.metrics.Metrics;
import io.realtime.internal.topic.LogEvent;
import io.realtime.internal.topic.TopicReader;
import io.realtime.internal.topic.TopicRegistry;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The outbound half of one connection, whatever the transport: its lifecycle, what producers call (the bounded
 * {@link OutboundQueue} for events of this connection alone and replies, the topics it follows through its
 * {@link FollowedTopics}), and the hooks through which its single {@link OutboundWriter} writes (design §5 and §7).
 * A topic is not copied into the queue: the writer reads it from the connection's own cursor, so a slow connection
 * costs a cursor, and one that falls out of the window gets a {@code reset}.
 *
 * <p>A connection of its own is the {@link Feed} of one endpoint. A shared connection carries many, each a
 * {@link Subscription} whose items and topic reach the hooks tagged with its id (docs/protocol.md, "Shared
 * connections"); the hooks are given {@code null} for a connection of its own.
 */
public abstract class Outbound implements Feed {

    private static final System.Logger LOG = System.getLogger(Outbound.class.getName());

    private static final int NEW = 0;
    private static final int OPEN = 1;
    private static final int REFUSED = 2;

    private final OutboundWriter writer;
    private final Connections registry;
    private final AtomicInteger phase = new AtomicInteger(NEW);
    private final AtomicBoolean closed = new AtomicBoolean();
    private final OutboundQueue queue;
    private final FollowedTopics topics = new FollowedTopics();
    private final List<Runnable> closeCallbacks = new ArrayList<>();
    private final ConnectionMetrics metrics;
    private final Metrics runtimeMetrics;
    private final Transport transport;
    private final String endpoint;
    private final long madeNanos = System.nanoTime();

    private volatile boolean started; // set once the transport is open; publishes its fields to the writer
    private volatile Closing closing;

    /**
     * @param transport how the client is connected, for metrics
     * @param endpoint the endpoint's path template, for metrics
     */
    protected Outbound(OutboundServices services, Transport transport, String endpoint) {
        this.registry = services.connections();
        this.queue = new OutboundQueue(services.queueCapacity());
        this.metrics = services.metrics().connection(transport, endpoint);
        this.runtimeMetrics = services.metrics();
        this.transport = transport;
        this.endpoint = endpoint;
        this.writer = new OutboundWriter(this, services.writers(), queue, topics, metrics);
    }

    /**
     * Counts a refusal told to the client on this connection rather than as an HTTP answer: a subscription of a
     * shared connection ended with an {@code error} frame. Any thread.
     *
     * @param code the error's code
     */
    public void refused(String code) {
        runtimeMetrics.refused(code);
    }

    // ---- transport hooks; called by the single writer only ----

    /**
     * Asked before each frame the writer writes, so it must be cheap: a transport that gathers frames answers from
     * what it knows and asks its container only when it has handed it something since.
     *
     * @return whether a write now would not block; if not, the transport signals when it would
     */
    protected abstract boolean ready() throws IOException;

    /** Writes whatever opens the stream (SSE {@code retry:}); nothing by default. */
    protected void writePreamble() throws IOException {}

    /**
     * Writes a topic event.
     *
     * @param sub the subscription that follows the topic on a shared connection, or {@code null}
     */
    protected abstract void writeEvent(String sub, LogEvent event) throws IOException;

    /** Writes an event for this connection alone, or for one subscription ({@link Message#sub()}) of it. */
    protected abstract void writeMessage(Message message) throws IOException;

    /** Writes the reply to one of the client's messages; only a transport that carries messages has any. */
    protected void writeReply(Reply reply) throws IOException {
        throw new IllegalStateException(getClass().getSimpleName() + " carries no replies");
    }

    /**
     * Tells the client its cursor is unknown and it continues from {@code cursor} (docs/protocol.md "reset").
     *
     * @param sub the subscription that follows the topic on a shared connection, or {@code null}
     */
    protected abstract void writeReset(String sub, String cursor) throws IOException;

    /**
     * Tells the client where the topic of a connection of its own starts, before any event of it (docs/protocol.md
     * "Cursors"). A subscription of a shared connection is told in its {@code subscribed} frame instead.
     */
    protected abstract void writeStart(String cursor) throws IOException;

    protected abstract void writeHeartbeat() throws IOException;

    /** Writes the frame that announces a graceful close, if the transport has one. */
    protected void writeFinal(Closing closing) throws IOException {}

    /**
     * Pushes buffered writes to the network.
     *
     * @return whether it did; {@code false} when the transport cannot yet, and then it signals when it can and
     *     the writer flushes again
     */
    protected boolean flush() throws IOException {
        return true;
    }

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
    @Override
    public final boolean open() {
        if (!phase.compareAndSet(NEW, OPEN)) {
            return false;
        }
        metrics.opened();
        LOG.log(Level.DEBUG, () -> "A " + transport.wireName() + " connection to " + endpoint + " opened");
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
    @Override
    public final boolean refuse() {
        return phase.compareAndSet(NEW, REFUSED);
    }

    @Override
    public final boolean isOpen() {
        return phase.get() == OPEN && !closed.get() && closing == null;
    }

    @Override
    public final boolean isClosed() {
        return closed.get();
    }

    /** The reader wakes this connection's writer; see {@link Feed#subscribe}. */
    @Override
    public final TopicReader subscribe(TopicRegistry registry, TopicRegistry.Source source) {
        return subscribe(registry, source, null);
    }

    @Override
    public final void follow(TopicReader positioned) {
        topics.check(null, positioned);
        offer(new Follow(null, positioned)); // the writer tells the client its position, then reads the topic
    }

    /** Subscribes one subscription of a shared connection to a topic; see {@link Feed#subscribe}. */
    final TopicReader subscribe(TopicRegistry registry, TopicRegistry.Source source, String sub) {
        return topics.subscribe(registry, source, sub, this::signal);
    }

    /** Stops reading the topic of one subscription of a shared connection, if it follows one. */
    final void unfollow(String sub) {
        topics.unfollow(sub);
    }

    @Override
    public final boolean offer(Outgoing message) {
        if (closed.get() || closing != null) {
            return false;
        }
        if (!queue.add(message)) {
            metrics.dropped();
            close(Closing.SLOW_CONSUMER);
            return false;
        }
        signal();
        return true;
    }

    /** @return how many messages wait in the queue */
    final int queued() {
        return queue.size();
    }

    /** @return how many messages the queue holds at most */
    final int capacity() {
        return queue.capacity();
    }

    /** @return how many more messages the queue accepts now */
    @Override
    public final int room() {
        return queue.room();
    }

    /** Runs {@code listener} (once) after the queue has drained to half its capacity or less. */
    @Override
    public final void whenRoom(Runnable listener) {
        queue.whenRoom(listener);
    }

    /**
     * Asks the connection to close: {@link Closing.Kind#END} after the queue is written, others at once.
     * Idempotent; the first request wins.
     */
    @Override
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
    @Override
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
        writer.tick(nowNanos, heartbeatNanos, stallNanos);
    }

    // ---- for the writer ----

    /** Something may be ready to write: runs the writer soon, on the writer executor. Any thread; never blocks. */
    protected final void signal() {
        writer.wake();
    }

    /**
     * The container completed a write: the writer goes on now on this thread, unless it is running, instead of
     * being handed to the writer executor. For completion callbacks, whose thread the container lets do
     * non-blocking work; a backlog then goes out back to back, without a thread woken between two messages.
     */
    protected final void continueHere() {
        writer.writeHere();
    }

    /** @return whether the transport is open, so that the writer may write */
    final boolean started() {
        return started;
    }

    /** @return how the connection is asked to close, or {@code null} */
    final Closing closing() {
        return closing;
    }

    /** Closes now, once: the transport, the subscription, the queue, then the close callbacks. */
    final void finish(Closing why) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (!phase.compareAndSet(NEW, REFUSED) && phase.get() == OPEN) {
            long lived = System.nanoTime() - madeNanos;
            metrics.closed(lived, why.code() == Closing.SLOW_CONSUMER.code());
            LOG.log(
                    Level.DEBUG,
                    () -> "A " + transport.wireName() + " connection to " + endpoint + " closed after "
                            + lived / 1_000_000 + " ms: " + why.code() + " " + why.reason());
        }
        topics.close();
        try {
            closeTransport(why);
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "Closing a transport failed", e);
        }
        queue.clear();
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
        queue.releaseWaiting();
        registry.remove(this); // last: a connection no longer counted has run all of its close callbacks
    }
}
