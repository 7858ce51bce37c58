package io.realtime.samples.jobs;

import io.realtime.EventSink;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * One simulated job, advanced by {@link Jobs} one step at a time, and the streams that follow it. A follower
 * first hears where the job is, then every step ({@code progress}), then {@code done}, after which its stream
 * ends; a stream that opens after the job finished hears both at once.
 *
 * <p>Threading: every method is synchronized. Sending holds the lock, which keeps each follower's events in
 * order; it never blocks, since an {@link EventSink} only queues.
 */
final class Job {

    /** How many steps a job takes; each adds {@code 100 / STEPS} percent. */
    static final int STEPS = 20;

    private final String id = UUID.randomUUID().toString();
    private final Set<EventSink<Progress>> followers = new LinkedHashSet<>();
    private int step;

    String id() {
        return id;
    }

    synchronized boolean isDone() {
        return step == STEPS;
    }

    synchronized JobStatus status() {
        return new JobStatus(id, percent(), isDone() ? "done" : "running");
    }

    /** Sends the job's progress to {@code sink} until it is done, then ends the stream. */
    synchronized void follow(EventSink<Progress> sink) {
        sink.send("progress", new Progress(percent()));
        if (isDone()) {
            finish(sink);
            return;
        }
        followers.add(sink);
        sink.onClose(() -> unfollow(sink)); // a client that leaves early
    }

    /** Advances one step and tells the followers; after the last step, ends their streams. */
    synchronized void advance() {
        if (isDone()) {
            return;
        }
        step++;
        List<EventSink<Progress>> targets = new ArrayList<>(followers);
        for (EventSink<Progress> sink : targets) {
            sink.send("progress", new Progress(percent()));
        }
        if (isDone()) {
            followers.clear();
            targets.forEach(this::finish);
        }
    }

    private synchronized void unfollow(EventSink<Progress> sink) {
        followers.remove(sink);
    }

    private void finish(EventSink<Progress> sink) {
        sink.send("done", new Progress(100));
        sink.close();
    }

    private int percent() {
        return step * 100 / STEPS;
    }
}
