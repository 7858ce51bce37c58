package io.realtime.internal.longpoll;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * One poll request, from the moment it is accepted until it is answered, exactly once.
 *
 * <p>Whoever may answer a poll — a publish, the end of the hold, a completing stage, the application stopping,
 * the client leaving — first calls {@link #claim()}: one compare-and-set decides, and every other claimant does
 * nothing. The winner has already left the topic and the waiting set and cancelled the hold's timer when it
 * builds the answer, so nothing can answer twice, and a topic poll that loses the race to a publish answers
 * with the event while one that wins answers {@code 204} with the cursor unchanged: the client asks again from
 * the same cursor and finds the event there. No event is lost either way.
 *
 * <p>Waiting costs no thread: the request is a parked async context, the hold a task on the runtime's
 * scheduler.
 */
final class HeldPoll {

    /** Sends the answer, exactly once per poll. */
    interface Reply {
        /** Sends the answer from a writer thread: the supplier is evaluated off the caller's thread. */
        void send(Supplier<Answer> answer);

        /**
         * Sends the answer from the calling thread, which is already one of the runtime's own threads (a writer,
         * or the worker that ran the poll's method): the write does not block, so it needs no hand-off.
         */
        default void write(Supplier<Answer> answer) {
            send(answer);
        }
    }

    private final AtomicBoolean answered = new AtomicBoolean();
    private final Reply reply;
    private final Runnable release;
    private volatile ScheduledFuture<?> timer;
    private volatile Runnable onClaim;
    private volatile WaitingPolls waiting;

    /**
     * @param reply writes the answer
     * @param release gives back the poll's place under the limits; run once, on claim
     */
    HeldPoll(Reply reply, Runnable release) {
        this.reply = reply;
        this.release = release;
    }

    /**
     * Sets what a claim undoes besides the hold, such as a topic subscription; runs it at once if the poll was
     * claimed already (the client left while the method ran). It may run twice, so it must be idempotent.
     */
    void onClaim(Runnable cleanup) {
        onClaim = cleanup;
        if (answered.get()) {
            cleanup.run(); // claim() may have read onClaim before it was set
        }
    }

    /**
     * Holds the poll: joins the waiting set and schedules {@code expire} after {@code nanos}.
     *
     * @return whether it now waits; {@code false} when it was answered meanwhile or the application is stopping
     *     (then it has been answered with {@link Answer#GOING_AWAY})
     */
    boolean hold(WaitingPolls polls, ScheduledExecutorService scheduler, long nanos, Runnable expire) {
        // Each field is written before answered is read, and claim() writes answered before reading them: at
        // least one side sees the other, so a poll claimed meanwhile never stays in the set or keeps a timer.
        waiting = polls;
        if (!polls.add(this)) {
            return false;
        }
        if (answered.get()) {
            polls.remove(this);
            return false;
        }
        try {
            timer = scheduler.schedule(expire, nanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stopping) {
            answer(() -> Answer.GOING_AWAY);
            return false;
        }
        if (answered.get()) {
            timer.cancel(false);
            return false;
        }
        return true;
    }

    /**
     * The one atomic claim. The winner must answer; a loser must not touch the response.
     *
     * @return whether the caller won
     */
    boolean claim() {
        if (!answered.compareAndSet(false, true)) {
            return false;
        }
        WaitingPolls polls = waiting;
        if (polls != null) {
            polls.remove(this);
        }
        ScheduledFuture<?> t = timer;
        if (t != null) {
            t.cancel(false);
        }
        Runnable cleanup = onClaim;
        if (cleanup != null) {
            cleanup.run();
        }
        release.run();
        return true;
    }

    /** Sends the answer; only the winner of {@link #claim()} may call it. */
    void send(Supplier<Answer> answer) {
        reply.send(answer);
    }

    /**
     * Claims and answers.
     *
     * @return whether this call answered
     */
    boolean answer(Supplier<Answer> answer) {
        if (!claim()) {
            return false;
        }
        reply.send(answer);
        return true;
    }

    /**
     * Claims and answers on the calling thread, which must be one of the runtime's own (a writer, or the worker
     * that ran the poll's method), never a publisher's or a container's.
     *
     * @return whether this call answered
     */
    boolean answerHere(Supplier<Answer> answer) {
        if (!claim()) {
            return false;
        }
        reply.write(answer);
        return true;
    }

    /** The client went away: claim, so that the poll stops waiting, and write nothing. */
    void abandon() {
        claim();
    }

    boolean isAnswered() {
        return answered.get();
    }
}
