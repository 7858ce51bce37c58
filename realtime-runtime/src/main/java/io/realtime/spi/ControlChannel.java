package io.realtime.spi;

import java.util.function.Consumer;

/**
 * Small control messages between the nodes of one application, offered by a backplane shared by several nodes
 * ({@link Backplane#control()}): a cookie session that ended on one node ends its connections on every node. The
 * runtime writes and reads the messages; the channel carries them as opaque bytes, to every node that listens,
 * the sender's included.
 *
 * <p>Delivery is at most once and unordered between senders: a node that cannot reach the store meanwhile misses
 * what was sent then. The runtime therefore does its own node's part of every action itself, before it sends.
 *
 * <p>Threading: every method may be called from any thread.
 */
public interface ControlChannel {

    /** The largest message the runtime sends, and the largest a channel must carry, in bytes. */
    int MAX_MESSAGE_BYTES = 4096;

    /**
     * Sends a message to every node that listens.
     *
     * @param message at most {@link #MAX_MESSAGE_BYTES} bytes; not modified
     * @throws BackplaneException if the store could not be reached within the backplane's timeout (it should fail
     *     within about two seconds)
     */
    void send(byte[] message);

    /**
     * Starts handing this node the messages of every node, until the returned handle is closed. The runtime
     * listens once, while it runs.
     *
     * @param receiver called on the backplane's threads for each message, one at a time; it must not block. It may
     *     receive anything, a malformed message included, and validates what it reads
     * @return stops listening; idempotent
     * @throws BackplaneException if the store could not be reached
     */
    AutoCloseable listen(Consumer<byte[]> receiver);
}
