package io.realtime.internal.outbound;

import io.realtime.internal.Failure;
import io.realtime.internal.Json;
import io.realtime.internal.topic.TopicReader;
import io.realtime.internal.topic.TopicRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One subscription of a shared connection: the {@link Feed} of one endpoint, carried by a connection with others
 * (docs/protocol.md, "Shared connections"). Everything it sends reaches the connection's queue tagged with its id;
 * it opens with {@code subscribed}, ends with {@code end} or {@code error}, and neither its end nor its failure
 * touches the connection or the other subscriptions. Failures that concern the client rather than the subscription
 * (a slow consumer, the application stopping, the cookie session's end) close the whole connection, as they would a
 * connection of its own.
 *
 * <p>What it sends before it opens (a {@code @Duplex} connection method's first {@code send}) waits here and follows
 * its {@code subscribed} frame, so the client hears first what it subscribed to.
 *
 * <p>Threading: every method from any thread, without blocking; its frames reach the connection in the order of the
 * calls.
 */
public final class Subscription implements Feed {

    private enum Phase {
        NEW,
        OPEN,
        REFUSED
    }

    private final String id;
    private final Outbound connection;
    private final String description;
    private final List<Runnable> closeCallbacks = new ArrayList<>();
    private Phase phase = Phase.NEW; // guarded by this, as are the fields below
    private List<Outgoing> early = new ArrayList<>();
    private TopicReader reader;
    private boolean followed;
    private boolean closed;

    /**
     * @param id the subscription's id, as the client chose it
     * @param connection the shared connection that carries it
     * @param description the members of its {@code subscribed} frame before the cursor, such as
     *     {@code "kind":"stream"}
     */
    public Subscription(String id, Outbound connection, String description) {
        this.id = id;
        this.connection = connection;
        this.description = description;
    }

    /** @return the id the client chose */
    public String id() {
        return id;
    }

    /** Opens the subscription: queues {@code subscribed}, then what was sent before, then starts its topic. */
    @Override
    public boolean open() {
        synchronized (this) {
            if (phase != Phase.NEW || closed) {
                return false;
            }
            phase = Phase.OPEN;
            String cursor = followed ? reader.cursor() : null; // positioned on this thread, not yet read
            String data = '{' + description + (cursor == null ? "" : ",\"cursor\":" + Json.quote(cursor)) + '}';
            boolean queued = connection.offer(new Message(id, "subscribed", data.getBytes(StandardCharsets.UTF_8)));
            for (Outgoing item : early) {
                queued = queued && connection.offer(item.withSub(id));
            }
            early = null;
            if (queued && followed) {
                connection.offer(new Follow(id, reader));
            }
            return queued;
        }
    }

    @Override
    public boolean refuse() {
        synchronized (this) {
            if (phase != Phase.NEW) {
                return false;
            }
            phase = Phase.REFUSED;
            early = null;
        }
        return true;
    }

    @Override
    public boolean isOpen() {
        synchronized (this) {
            if (phase != Phase.OPEN || closed) {
                return false;
            }
        }
        return connection.isOpen();
    }

    @Override
    public boolean isClosed() {
        synchronized (this) {
            if (closed) {
                return true;
            }
        }
        return connection.isClosed();
    }

    @Override
    public TopicReader subscribe(TopicRegistry topics, TopicRegistry.Source source) {
        TopicReader subscribed = connection.subscribe(topics, source, id);
        boolean late;
        synchronized (this) {
            reader = subscribed;
            late = closed;
        }
        if (late) {
            connection.unfollow(id);
        }
        return subscribed;
    }

    @Override
    public void follow(TopicReader positioned) {
        synchronized (this) {
            if (positioned != reader || followed) {
                throw new IllegalStateException("Follow the reader this subscription subscribed, once");
            }
            followed = true;
            if (phase == Phase.OPEN && !closed) {
                connection.offer(new Follow(id, positioned));
            }
        }
    }

    @Override
    public boolean offer(Outgoing item) {
        synchronized (this) {
            if (closed || phase == Phase.REFUSED) {
                return false;
            }
            if (phase == Phase.NEW) {
                if (early.size() >= connection.capacity()) {
                    connection.close(Closing.SLOW_CONSUMER); // as the connection's own queue would
                    return false;
                }
                early.add(item);
                return true;
            }
            return connection.offer(item.withSub(id));
        }
    }

    @Override
    public int room() {
        return connection.room();
    }

    @Override
    public void whenRoom(Runnable listener) {
        connection.whenRoom(listener);
    }

    /**
     * Closes the subscription: {@code END} with {@code end}, {@code FAILED} with an {@code error}, after what it
     * queued; any other reason concerns the client, and closes the whole connection.
     */
    @Override
    public void close(Closing why) {
        if (why.equals(Closing.RUN_ENDED)) {
            finish(null); // the run's end event, with its cursor, was the subscription's last frame
        } else if (why.kind() == Closing.Kind.END) {
            finish(new Message(id, "end", "{}".getBytes(StandardCharsets.US_ASCII)));
        } else if (why.equals(Closing.FAILED)) {
            fail(new Failure(500, "internal", "The server failed to serve this subscription"));
        } else {
            connection.close(why);
        }
    }

    /**
     * Ends the subscription with an {@code error} frame: it was refused, or failed. Nothing else changes.
     *
     * @param failure what the client is told
     */
    public void fail(Failure failure) {
        connection.refused(failure.code());
        String data = "{\"status\":" + failure.status() + ",\"code\":" + Json.quote(failure.code()) + ",\"message\":"
                + Json.quote(failure.message()) + '}';
        finish(new Message(id, "error", data.getBytes(StandardCharsets.UTF_8)));
    }

    /** Ends the subscription without a word: the client unsubscribed, or the connection has gone. Idempotent. */
    public void cancel() {
        finish(null);
    }

    @Override
    public void onClose(Runnable callback) {
        synchronized (this) {
            if (!closed) {
                closeCallbacks.add(callback);
                return;
            }
        }
        callback.run();
    }

    /** Stops reading, says {@code last} if anything, and runs the close callbacks; once. */
    private void finish(Message last) {
        List<Runnable> callbacks;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            early = null;
            if (reader != null) {
                // After what is queued, so that the topic is read up to the end; unsubscribed at once if never read.
                if (!followed || phase != Phase.OPEN || !connection.offer(new Follow(id, null))) {
                    connection.unfollow(id);
                }
            }
            if (last != null) {
                connection.offer(last);
            }
            callbacks = new ArrayList<>(closeCallbacks);
            closeCallbacks.clear();
        }
        for (Runnable callback : callbacks) {
            try {
                callback.run();
            } catch (RuntimeException e) {
                System.getLogger(Subscription.class.getName())
                        .log(System.Logger.Level.WARNING, "A close callback failed", e);
            }
        }
    }

    @Override
    public String toString() {
        return "Subscription[" + id + ']';
    }
}
