package io.realtime.internal.control;

import io.realtime.internal.LogLimit;
import io.realtime.spi.BackplaneException;
import io.realtime.spi.ControlChannel;
import java.lang.System.Logger.Level;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * This node's end of the control channel (docs/scaling.md, "The control channel"): tells the other nodes what
 * happened here, and does here what happened on another node. Without a channel (a backplane that offers none), it
 * does nothing, and each node acts for its own connections only, as it always does first.
 *
 * <p>Sending never blocks the caller: messages go out on one thread of their own, through a bounded queue; while
 * the store is unreachable they fail after the backplane's timeout, and what does not fit the queue is dropped.
 * Received messages are handled on that thread too, so the channel's I/O threads never wait. Failures and
 * malformed messages are logged at most once per {@link LogLimit#PERIOD_NANOS period} each, with a count.
 *
 * <p>Thread-safe.
 */
public final class ControlRelay implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ControlRelay.class.getName());

    /** Messages waiting to be sent or handled beyond which more are dropped. */
    public static final int QUEUE = 1000;

    private final ControlChannel channel; // null: nothing to relay
    private final ExecutorService thread;
    private final Actions actions;
    private final String node = newNode();
    private final LogLimit unsent = new LogLimit();
    private final LogLimit deaf = new LogLimit();
    private final LogLimit malformed = new LogLimit();
    private final LogLimit dropped = new LogLimit();
    private AutoCloseable listening; // guarded by this
    private volatile boolean closed;

    /**
     * @param channel the backplane's control channel, if it has one
     * @param thread runs sends and received messages, one at a time; bounded; shut down by the caller after
     *     {@link #close()}
     * @param actions what this node does when another node tells it
     */
    public ControlRelay(Optional<ControlChannel> channel, ExecutorService thread, Actions actions) {
        this.channel = channel.orElse(null);
        this.thread = thread;
        this.actions = actions;
    }

    /**
     * What a node does when another tells it; each names what it concerns by its keyed fingerprint, the same on
     * every node. None blocks.
     */
    public interface Actions {

        /** Ends this node's connections of the cookie session, if it has any. */
        void endSession(String fingerprint);

        /** Ends this node's connections of the tab or of the user, if it has any. */
        void revoke(String fingerprint);

        /**
         * Reads the tab's shared attributes again, if this node has the tab. Unlike the others it may block while
         * the store answers: it runs on the relay's thread, whose queue is bounded.
         */
        default void tabChanged(String fingerprint) {}
    }

    /**
     * Listens to the channel, if there is one. When the store cannot be reached now, the runtime starts all the same,
     * as it does for topics, and tries again every {@link #RETRY_SECONDS} seconds on {@code scheduler} until it
     * listens or closes; meanwhile this node misses what other nodes tell.
     *
     * @param scheduler runs the retries
     */
    public void start(ScheduledExecutorService scheduler) {
        if (channel == null || closed) {
            return;
        }
        try {
            AutoCloseable handle = channel.listen(bytes -> run(() -> receive(bytes)));
            synchronized (this) {
                if (!closed) {
                    listening = handle;
                    return;
                }
            }
            closeQuietly(handle);
        } catch (BackplaneException e) {
            deaf.log(LOG, Level.WARNING, "Could not listen to the other nodes ({0} times); trying again");
            LOG.log(Level.DEBUG, "Listening to the control channel failed", e);
            try {
                scheduler.schedule(() -> start(scheduler), RETRY_SECONDS, TimeUnit.SECONDS);
            } catch (RejectedExecutionException stopping) {
                // the runtime is stopping
            }
        }
    }

    /** How often a node that could not listen to the channel tries again. */
    public static final int RETRY_SECONDS = 2;

    /**
     * A cookie session ended on this node, which has already ended its own connections of it: the other nodes end
     * theirs. Returns at once.
     *
     * @param fingerprint the session's fingerprint: its id never leaves the node
     */
    public void sessionEnded(String fingerprint) {
        announce(ControlMessage.Kind.SESSION_ENDED, fingerprint);
    }

    /**
     * The application revoked a tab, whose connections on this node have ended: the other nodes end theirs.
     * Returns at once.
     *
     * @param fingerprint the tab's fingerprint
     */
    public void tabRevoked(String fingerprint) {
        announce(ControlMessage.Kind.TAB_REVOKED, fingerprint);
    }

    /**
     * The application revoked a user, whose connections on this node have ended: the other nodes end theirs.
     * Returns at once.
     *
     * @param fingerprint the user's fingerprint
     */
    public void userRevoked(String fingerprint) {
        announce(ControlMessage.Kind.USER_REVOKED, fingerprint);
    }

    /**
     * A tab's shared attributes changed on this node, which wrote them to the store: the other nodes read them again.
     * Returns at once.
     *
     * @param fingerprint the tab's fingerprint
     */
    public void tabChanged(String fingerprint) {
        announce(ControlMessage.Kind.TAB_CHANGED, fingerprint);
    }

    private void announce(ControlMessage.Kind kind, String fingerprint) {
        if (channel != null) {
            ControlMessage message = new ControlMessage(kind, node, fingerprint);
            run(() -> send(message));
        }
    }

    private void send(ControlMessage message) {
        try {
            channel.send(message.bytes());
        } catch (BackplaneException e) {
            unsent.log(
                    LOG,
                    Level.WARNING,
                    "Could not tell the other nodes that a session ended, a tab or user was revoked or a tab's"
                            + " attributes changed ({0} times): the backplane failed");
            LOG.log(Level.DEBUG, "Sending a control message failed", e);
        }
    }

    private void receive(byte[] bytes) {
        ControlMessage message = ControlMessage.parse(bytes);
        if (message == null) {
            malformed.log(LOG, Level.WARNING, "Dropped {0} malformed control messages from the backplane");
            return;
        }
        if (message.origin().equals(node)) {
            return; // this node did its part before sending
        }
        switch (message.kind()) {
            case SESSION_ENDED -> actions.endSession(message.subject());
            case TAB_REVOKED, USER_REVOKED -> actions.revoke(message.subject());
            case TAB_CHANGED -> actions.tabChanged(message.subject());
        }
    }

    private void run(Runnable task) {
        try {
            thread.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "A control message failed", e);
                }
            });
        } catch (RejectedExecutionException full) {
            dropped.log(LOG, Level.WARNING, "Dropped {0} control messages: more than " + QUEUE + " were waiting");
        }
    }

    /** Stops listening; messages still queued are dropped with the thread. Idempotent. */
    @Override
    public void close() {
        AutoCloseable handle;
        synchronized (this) {
            closed = true;
            handle = listening;
            listening = null;
        }
        if (handle != null) {
            closeQuietly(handle);
        }
    }

    private static void closeQuietly(AutoCloseable handle) {
        try {
            handle.close();
        } catch (Exception e) {
            LOG.log(Level.DEBUG, "Closing the control channel failed", e);
        }
    }

    private static String newNode() {
        byte[] bytes = new byte[12];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
