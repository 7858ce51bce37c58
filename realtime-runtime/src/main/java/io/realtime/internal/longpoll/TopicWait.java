package io.realtime.internal.longpoll;

import io.realtime.internal.topic.TopicLog;
import io.realtime.internal.topic.TopicRegistry;
import io.realtime.internal.topic.Window;
import java.util.concurrent.ScheduledExecutorService;

/**
 * A poll on a topic. Stateless on the server between polls: the cursor says everything, so any node sharing
 * the backplane can answer any poll, without sticky sessions (design §8).
 *
 * <p>The wait is a one-shot topic subscription. It subscribes before it reads the window, so a publish either
 * lands before the read (and is answered at once) or signals the subscription (and wakes it); the
 * {@link HeldPoll#claim() claim} then settles the race with the end of the hold.
 */
final class TopicWait implements TopicLog.Subscriber {

    private final HeldPoll held;
    private final PollFormat format;
    private volatile TopicLog log;
    private volatile String epoch; // null until the position is known: earlier signals are covered by the read
    private volatile long offset;

    private TopicWait(HeldPoll held, PollFormat format) {
        this.held = held;
        this.format = format;
    }

    /**
     * Answers a topic poll: at once when the cursor is absent (with the head, so that the client has a cursor
     * before anything is published), unknown (reset) or behind the head (a batch); otherwise it waits.
     *
     * @param cursor the client's cursor, or {@code null}
     * @param holdNanos how long to wait; 0 answers at once
     */
    static void start(
            TopicRegistry topics,
            String topic,
            String cursor,
            HeldPoll held,
            PollFormat format,
            WaitingPolls waiting,
            ScheduledExecutorService scheduler,
            long holdNanos) {
        TopicWait wait = new TopicWait(held, format);
        TopicLog log = topics.subscribe(topic, wait);
        wait.log = log;
        held.onClaim(() -> log.unsubscribe(wait));
        TopicLog.Start start = log.resolve(cursor, System.currentTimeMillis());
        String position = start.epoch() + ':' + start.offset();
        if (start.reset()) {
            held.answer(() -> Answer.json(PollFormat.reset(position)));
            return;
        }
        if (cursor == null) {
            held.answer(() -> Answer.json(PollFormat.batch(position, new byte[0])));
            return;
        }
        wait.offset = start.offset();
        wait.epoch = start.epoch(); // volatile write: from here on signals see the position
        if (wait.hasNews() || holdNanos == 0) {
            wait.answerNow();
        } else {
            held.hold(waiting, scheduler, holdNanos, wait::expire);
        }
    }

    /** Called by the topic after every append, on the publisher's thread: a compare and a hand-off, no more. */
    @Override
    public void signal() {
        if (epoch != null && hasNews()) {
            answerNow();
        }
    }

    /** The hold ended. Whatever was published meanwhile stays after the client's cursor for its next poll. */
    void expire() {
        held.answer(() -> Answer.NO_CONTENT);
    }

    private boolean hasNews() {
        Window window = log.window();
        return !window.epoch().equals(epoch) || window.next(offset) != null;
    }

    private void answerNow() {
        held.answer(() -> format.topic(log.window(), epoch, offset));
    }
}
