package io.realtime.internal.longpoll;

import io.realtime.internal.SerialTask;
import io.realtime.internal.metrics.ConnectionMetrics;
import io.realtime.internal.topic.TopicReader;
import io.realtime.internal.topic.TopicRegistry;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * A poll on a topic. Stateless on the server between polls: the cursor says everything, so any node sharing
 * the backplane can answer any poll, without sticky sessions (design §8).
 *
 * <p>The wait is a one-shot {@link TopicReader}, the same reader a streaming connection uses. It subscribes before
 * it is positioned, so a publish either lands before the position is read (and is answered at once) or wakes it.
 * A publisher's thread only wakes it: the check, the claim (which leaves the topic, the waiting set and the limits)
 * and the answer run on a writer thread; the {@link HeldPoll#claim() claim} settles the race with the end of the
 * hold.
 */
final class TopicWait {

    private final HeldPoll held;
    private final PollFormat format;
    private final ConnectionMetrics metrics;
    private final SerialTask check;
    private TopicReader reader;
    private volatile boolean positioned; // wake-ups before it are covered by the check that follows the position

    private TopicWait(HeldPoll held, PollFormat format, ConnectionMetrics metrics, Executor writers) {
        this.held = held;
        this.metrics = metrics;
        this.format = format;
        this.check = new SerialTask(writers, this::check, () -> held.answer(() -> Answer.GOING_AWAY));
    }

    /**
     * Answers a topic poll: at once when the cursor is absent (with the head, so that the client has a cursor
     * before anything is published), unknown (reset) or behind the head (a batch); otherwise it waits. Called on
     * one of the runtime's threads, which writes an answer due at once without waiting for the client.
     *
     * @param cursor the client's cursor, or {@code null}
     * @param metrics where the poll's endpoint reports deliveries and resets
     * @param writers where wake-ups are checked and later answers written
     * @param holdNanos how long to wait; 0 answers at once
     */
    static void start(
            TopicRegistry topics,
            TopicRegistry.Source topic,
            String cursor,
            HeldPoll held,
            PollFormat format,
            ConnectionMetrics metrics,
            WaitingPolls waiting,
            Executor writers,
            ScheduledExecutorService scheduler,
            long holdNanos) {
        TopicWait wait = new TopicWait(held, format, metrics, writers);
        TopicReader reader = topics.reader(topic, wait::wake);
        wait.reader = reader;
        held.onClaim(reader::close);
        reader.position(cursor);
        // An answer due at once is written here, on the worker that ran the method, rather than handed to a
        // writer: the write does not block, and the hand-off cost as much as the answer (issue 19's profile).
        if (cursor == null) {
            String head = reader.cursor();
            held.answerHere(() -> Answer.json(PollFormat.batch(head, List.of())));
            return;
        }
        if (reader.hasNext() || holdNanos == 0) {
            held.answerHere(() -> format.topic(reader, metrics)); // the reader is read by this thread, once
            return;
        }
        wait.positioned = true; // volatile write: from here on wake-ups reach the writer side
        // A publish between the look above and the write just before was not handed off: look once more. Only a
        // look, which reads nothing; a check woken meanwhile may be answering, and then this wakes one that finds
        // the poll answered.
        if (held.hold(waiting, scheduler, holdNanos, wait::expire) && reader.hasNext()) {
            wait.check.wake();
        }
    }

    /** Called on the publisher's thread after every append: a hand-off to a writer, no more. */
    private void wake() {
        if (positioned) {
            check.wake();
        }
    }

    /** On a writer thread, one at a time: answers with what followed the cursor, if anything did. */
    private void check() {
        if (!held.isAnswered() && reader.hasNext()) {
            held.answerHere(() -> format.topic(reader, metrics));
        }
    }

    /** The hold ended. Whatever was published meanwhile stays after the client's cursor for its next poll. */
    private void expire() {
        held.answer(() -> Answer.NO_CONTENT);
    }
}
