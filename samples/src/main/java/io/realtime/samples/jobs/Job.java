package io.realtime.samples.jobs;

import io.realtime.EventSink;
import io.realtime.Run;
import io.realtime.Topics;
import java.util.UUID;

/**
 * One simulated job, advanced by {@link Jobs} one step at a time, whose progress is a {@link Run}: {@code progress}
 * at 0 %, then after every step, then {@code done}, then the run's {@code end}. Whoever follows it reads it from its
 * start, or from their cursor when they come back, so a client that drops mid-job misses nothing and hears nothing
 * twice. A client that stops the run ({@code DELETE /jobs/{id}}) stops the job as well.
 *
 * <p>Threading: every method is synchronized; sending to the run never blocks with the in-memory backplane, and
 * waits for the backplane's acknowledgement, for a bounded time, with Redis.
 */
final class Job {

    /** How many steps a job takes; each adds {@code 100 / STEPS} percent. */
    static final int STEPS = 20;

    private final String id = UUID.randomUUID().toString();
    private final EventSink<Progress> progress;
    private int step;
    private boolean stopped;

    /**
     * Starts the job's run.
     *
     * @throws io.realtime.RealtimeException if the backplane cannot be reached
     */
    Job(Topics topics) {
        progress = topics.<Progress>run(runName(id)).start();
        progress.onClose(this::stopped);
        progress.send("progress", new Progress(0));
    }

    /** @return the name of the run of the job {@code id} */
    static String runName(String id) {
        return "job:" + id;
    }

    String id() {
        return id;
    }

    synchronized boolean isDone() {
        return step == STEPS || stopped;
    }

    synchronized JobStatus status() {
        return new JobStatus(id, percent(), stopped && step < STEPS ? "stopped" : isDone() ? "done" : "running");
    }

    /** Advances one step and tells the run; after the last step, ends it. */
    synchronized void advance() {
        if (isDone()) {
            return;
        }
        step++;
        progress.send("progress", new Progress(percent()));
        if (step == STEPS) {
            progress.send("done", new Progress(100));
            progress.close(); // the run ends as complete
        }
    }

    // The run ended: completed, or stopped by a client, in which case the job stops too.
    private synchronized void stopped() {
        stopped = true;
    }

    private int percent() {
        return step * 100 / STEPS;
    }
}
