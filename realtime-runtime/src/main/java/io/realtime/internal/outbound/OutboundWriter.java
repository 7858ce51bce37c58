package io.realtime.internal.outbound;

import io.realtime.internal.SerialTask;
import io.realtime.internal.metrics.ConnectionMetrics;
import io.realtime.internal.topic.LogEvent;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.concurrent.Executor;

/**
 * The single writer of one connection (design §7): when woken, it writes in order the connection's preamble, its
 * queued events and replies, the topic it follows, then heartbeats and the closing frame, through the transport's
 * hooks on {@link Outbound}. Only one thread writes at a time ({@link SerialTask}). Writes never block: when the
 * transport is not ready the writer returns, and the transport wakes it again when it is; a connection whose data
 * has waited for longer than the stall timeout is closed as a slow consumer and comes back through history.
 *
 * <p>Threading: {@link #wake()} and {@link #tick} from any thread; {@link #writeHere()} from a container's
 * completion callback; everything else on the writer executor, or on that callback's thread.
 */
final class OutboundWriter {

    // The writer logs as the connection it writes for, under the name it has always had.
    private static final System.Logger LOG = System.getLogger(Outbound.class.getName());

    private final Outbound connection;
    private final OutboundQueue queue;
    private final FollowedTopics topics;
    private final SerialTask task;
    private final ConnectionMetrics metrics;
    private final FollowedTopics.Target<IOException> topicFrames = new FollowedTopics.Target<>() {
        @Override
        public boolean event(String sub, LogEvent event) throws IOException {
            connection.writeEvent(sub, event);
            count(event.timestamp());
            return true;
        }

        @Override
        public boolean reset(String sub, String cursor) throws IOException {
            connection.writeReset(sub, cursor);
            metrics.reset();
            return true;
        }
    };

    private volatile boolean heartbeatDue;

    // What this drain wrote, for the metrics: touched by the drain alone, which runs on one thread at a time.
    private int written;
    private long oldestWrittenMillis;
    private volatile long lastWriteNanos = System.nanoTime();
    private volatile long blockedSinceNanos;

    // Confined to the writer.
    private boolean preamblePending = true;
    private boolean dirty;
    private boolean finalWritten;

    OutboundWriter(
            Outbound connection,
            Executor writers,
            OutboundQueue queue,
            FollowedTopics topics,
            ConnectionMetrics metrics) {
        this.connection = connection;
        this.metrics = metrics;
        this.queue = queue;
        this.topics = topics;
        this.task = new SerialTask(writers, this::drain, () -> connection.finish(Closing.SHUTDOWN));
    }

    /** Something may be ready to write: writes soon, on the writer executor. Never blocks. */
    void wake() {
        task.wake();
    }

    /** Something may be ready to write: writes now on the caller's thread, unless a drain runs. Never blocks. */
    void writeHere() {
        task.runHere();
    }

    /** Closes a stalled connection, and asks for a heartbeat when it has been silent for {@code heartbeatNanos}. */
    void tick(long nowNanos, long heartbeatNanos, long stallNanos) {
        long blocked = blockedSinceNanos;
        if (blocked != 0 && nowNanos - blocked > stallNanos) {
            connection.close(Closing.SLOW_CONSUMER);
        } else if (nowNanos - lastWriteNanos >= heartbeatNanos) {
            heartbeatDue = true;
            wake();
        }
    }

    private void drain() {
        if (connection.started() && !connection.isClosed()) {
            try {
                drainOnce();
            } catch (IOException e) {
                connection.finish(Closing.PEER_GONE);
            } catch (RuntimeException | Error e) {
                LOG.log(Level.WARNING, "Closing a connection after an unexpected failure while writing", e);
                connection.finish(Closing.FAILED);
            } finally {
                if (written > 0) {
                    metrics.delivered(written, oldestWrittenMillis);
                    written = 0;
                    oldestWrittenMillis = 0;
                }
            }
        }
    }

    /** Counts an event or message written in this drain: reported once at its end, whatever the count. */
    private void count(long publishedMillis) {
        written++;
        if (publishedMillis > 0 && (oldestWrittenMillis == 0 || publishedMillis < oldestWrittenMillis)) {
            oldestWrittenMillis = publishedMillis;
        }
    }

    private void drainOnce() throws IOException {
        while (!connection.isClosed()) {
            Closing why = connection.closing();
            if (why != null && why.kind() == Closing.Kind.ABORT) {
                connection.finish(why);
                return;
            }
            if (why == null && !dirty && !heartbeatDue && !hasPending()) {
                // Nothing to write: the transport is not asked whether it is ready, which costs a call into the
                // container on some (Tomcat), once per drain.
                blockedSinceNanos = 0;
                return;
            }
            if (!connection.ready()) {
                if (blockedSinceNanos == 0) {
                    blockedSinceNanos = System.nanoTime();
                }
                return;
            }
            blockedSinceNanos = 0;
            if (why != null && (why.kind() != Closing.Kind.END || !hasPending())) {
                if (!finalWritten) {
                    finalWritten = true;
                    if (!why.equals(Closing.RUN_ENDED)) { // the run's end event, written already, is the final frame
                        connection.writeFinal(why);
                    }
                    wrote();
                } else if (dirty) {
                    dirty = !connection.flush();
                } else {
                    connection.finish(why);
                    return;
                }
            } else if (writeNext()) {
                wrote();
            } else if (dirty) {
                dirty = !connection.flush();
            } else if (heartbeatDue) {
                heartbeatDue = false;
                connection.writeHeartbeat();
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
        return preamblePending || !queue.isEmpty() || topics.hasNext();
    }

    /** Writes the next frame, if any: preamble, queued events and replies, then the topics, taking turns. */
    private boolean writeNext() throws IOException {
        if (preamblePending) {
            preamblePending = false;
            connection.writePreamble();
            return true;
        }
        for (Outgoing next = queue.poll(); next != null; next = queue.poll()) {
            if (next instanceof Follow follow) {
                if (follow.reader() == null) {
                    topics.unfollow(follow.sub());
                    continue; // nothing written: on to the next
                }
                // Here, in the queue's order, so that the client hears where the topic starts before anything
                // queued after the subscription, and before any event of the topic, which is read from now on. A
                // subscription of a shared connection heard it in its subscribed frame, queued before.
                boolean start = follow.sub() == null && !follow.reader().startsWithReset();
                if (start) {
                    connection.writeStart(follow.reader().cursor());
                }
                topics.follow(follow.sub(), follow.reader());
                if (follow.reader().resumed()) {
                    metrics.resumed();
                }
                if (start) {
                    return true;
                }
                continue;
            }
            if (next instanceof Reply reply) {
                connection.writeReply(reply);
            } else {
                connection.writeMessage((Message) next);
                count(0);
            }
            return true;
        }
        return topics.read(topicFrames);
    }
}
