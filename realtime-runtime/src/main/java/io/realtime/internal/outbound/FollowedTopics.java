package io.realtime.internal.outbound;

import io.realtime.internal.topic.LogEvent;
import io.realtime.internal.topic.TopicReader;
import io.realtime.internal.topic.TopicRegistry;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The topics a connection follows, one {@link TopicReader} each: a connection of its own follows at most one, a
 * shared connection one per subscription (docs/protocol.md, "Shared connections"). A reader is subscribed first (so
 * that nothing published while the client's cursor is still unknown is missed), then followed once positioned, read
 * by the connection's writer, and closed with its subscription or the connection.
 *
 * <p>The writer takes turns: each read takes one item from the next reader that has one, so a busy topic cannot
 * hold back the others of the connection.
 *
 * <p>Threading: subscribing, following and closing from any thread; reading by the connection's writer alone, which
 * sees a reader's position through the volatile write that follows it.
 */
final class FollowedTopics {

    /** What the writer does with what a reader yields, told which subscription it belongs to. */
    interface Target<X extends Exception> {
        /** @return whether the event was taken */
        boolean event(String sub, LogEvent event) throws X;

        /** @return whether the reset was taken */
        boolean reset(String sub, String cursor) throws X;
    }

    private static final Followed[] NONE = {};

    /** One subscription's reader, and the writer's view of it (confined to the writer once followed). */
    private static final class Followed {
        final String sub;
        final TopicReader reader;
        TopicReader.Target<?> adapter;

        Followed(String sub, TopicReader reader) {
            this.sub = sub;
            this.reader = reader;
        }
    }

    private final Map<String, TopicReader> subscribed =
            new HashMap<>(); // by subscription, "" for none; guarded by this
    private volatile Followed[] followed = NONE; // copied on change: the writer iterates it without a lock
    private volatile boolean closed;
    private int turn; // the writer's: where the next read starts

    /**
     * Subscribes a subscription to a topic.
     *
     * @param sub the subscription of a shared connection, or {@code null} on a connection of its own
     * @param wake wakes the connection's writer; run on the publisher's thread
     * @return the reader, subscribed, not yet read
     * @throws IllegalStateException if the subscription already follows a topic
     */
    TopicReader subscribe(TopicRegistry topics, TopicRegistry.Source source, String sub, Runnable wake) {
        TopicReader reader = topics.reader(source, wake);
        synchronized (this) {
            TopicReader before = subscribed.putIfAbsent(key(sub), reader);
            if (before != null) {
                reader.close();
                throw new IllegalStateException("This connection already follows topic '" + before.topic() + "'");
            }
        }
        if (closed) {
            reader.close(); // close() may have looked before the reader was added
        }
        return reader;
    }

    /**
     * Checks that {@code positioned} is the reader {@code sub} subscribed, before it is queued to be followed. After
     * {@link #close()} every reader passes: a WebSocket's delivery starts after a grace for the client's cursor, and a
     * client that drops the connection within it (one that reconnects in a loop) is no programming error.
     *
     * @throws IllegalStateException if it is another while the connection is open
     */
    synchronized void check(String sub, TopicReader positioned) {
        if (!closed && subscribed.get(key(sub)) != positioned) {
            throw new IllegalStateException("Follow the reader this subscription subscribed");
        }
    }

    /**
     * Starts reading a reader {@link #subscribe} returned for {@code sub}, once positioned; called by the writer.
     * Does nothing if the subscription stopped following it meanwhile.
     */
    void follow(String sub, TopicReader positioned) {
        synchronized (this) {
            if (subscribed.get(key(sub)) != positioned) {
                return;
            }
            Followed[] now = Arrays.copyOf(followed, followed.length + 1);
            now[now.length - 1] = new Followed(sub, positioned);
            followed = now; // volatile: publishes the reader's position to the writer
        }
    }

    /** Stops following the topic of one subscription, if it follows one. Idempotent. */
    void unfollow(String sub) {
        TopicReader reader;
        synchronized (this) {
            reader = subscribed.remove(key(sub));
            if (reader == null) {
                return;
            }
            followed = Arrays.stream(followed).filter(f -> f.reader != reader).toArray(Followed[]::new);
        }
        reader.close();
    }

    /** @return whether a read now would yield something */
    boolean hasNext() {
        for (Followed each : followed) {
            if (each.reader.hasNext()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Reads the next item of the next reader that has one into {@code target}; see {@link TopicReader#read}.
     *
     * @return whether the target took something
     */
    <X extends Exception> boolean read(Target<X> target) throws X {
        Followed[] all = followed;
        for (int i = 0; i < all.length; i++) {
            Followed each = all[Math.floorMod(turn + i, all.length)];
            if (each.reader.read(adapter(each, target))) {
                turn = Math.floorMod(turn + i + 1, all.length);
                return true;
            }
        }
        return false;
    }

    /** Stops following every topic: the connection has closed. Idempotent. */
    void close() {
        closed = true;
        TopicReader[] readers;
        synchronized (this) {
            readers = subscribed.values().toArray(TopicReader[]::new);
            subscribed.clear();
            followed = NONE;
        }
        for (TopicReader reader : readers) {
            reader.close();
        }
    }

    @SuppressWarnings("unchecked")
    private static <X extends Exception> TopicReader.Target<X> adapter(Followed each, Target<X> target) {
        if (each.adapter == null) {
            String sub = each.sub;
            each.adapter = new TopicReader.Target<X>() {
                @Override
                public boolean event(LogEvent event) throws X {
                    return target.event(sub, event);
                }

                @Override
                public boolean reset(String cursor) throws X {
                    return target.reset(sub, cursor);
                }
            };
        }
        return (TopicReader.Target<X>) each.adapter;
    }

    private static String key(String sub) {
        return sub == null ? "" : sub;
    }
}
