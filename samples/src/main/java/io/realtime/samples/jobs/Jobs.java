package io.realtime.samples.jobs;

import io.realtime.Topics;
import jakarta.servlet.ServletContext;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The application's jobs, shared by {@link JobsServlet}, which starts them, and {@link JobProgress}, which
 * reports on them: both find it in the servlet context. Each job takes {@link Job#STEPS} steps of
 * {@value #STEP_MILLIS} ms on one timer thread.
 *
 * <p>Bounded: at most {@value #MAX_JOBS} jobs are kept. Starting one more forgets the oldest finished job; when
 * every kept job still runs, {@link #start()} refuses. {@link JobProgress} creates them with the application and
 * closes them when the runtime closes it, as the application stops.
 */
final class Jobs implements AutoCloseable {

    /** How many jobs are kept, running or finished. */
    static final int MAX_JOBS = 64;

    /** The duration of one step. */
    static final long STEP_MILLIS = 100;

    private final Map<String, Job> jobs = new LinkedHashMap<>(); // guarded by this; oldest first
    private final ServletContext context;
    private final Topics topics;
    private final ScheduledExecutorService timer;

    /**
     * The jobs of the application that owns {@code context}.
     *
     * @throws IllegalStateException before the application has started
     */
    static Jobs from(ServletContext context) {
        if (context.getAttribute(Jobs.class.getName()) instanceof Jobs jobs) {
            return jobs;
        }
        throw new IllegalStateException("The jobs start with the application");
    }

    /** Starts the jobs' timer and shares them in {@code context}. */
    Jobs(ServletContext context, Topics topics) {
        this.context = context;
        this.topics = topics;
        timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "samples-jobs");
            thread.setDaemon(true);
            return thread;
        });
        context.setAttribute(Jobs.class.getName(), this);
    }

    // Waits for the timer's thread to end, so that a container that checks for threads left behind by a stopped
    // application finds none.
    @Override
    public void close() {
        context.removeAttribute(Jobs.class.getName());
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Starts a job.
     *
     * @return the job, or empty when {@value #MAX_JOBS} jobs are running
     */
    synchronized Optional<Job> start() {
        if (jobs.size() >= MAX_JOBS && !forgetOldestFinished()) {
            return Optional.empty();
        }
        Job job = new Job(topics);
        jobs.put(job.id(), job);
        schedule(job);
        return Optional.of(job);
    }

    synchronized Optional<Job> find(String id) {
        return Optional.ofNullable(jobs.get(id));
    }

    private void schedule(Job job) {
        timer.schedule(
                () -> {
                    job.advance();
                    if (!job.isDone()) {
                        schedule(job);
                    }
                },
                STEP_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    private boolean forgetOldestFinished() {
        for (Iterator<Job> it = jobs.values().iterator(); it.hasNext(); ) {
            if (it.next().isDone()) {
                it.remove();
                return true;
            }
        }
        return false;
    }
}
