package io.realtime.samples.jobs;

import io.realtime.PathParam;
import io.realtime.Push;
import io.realtime.RealtimeException;
import io.realtime.Run;
import io.realtime.Stream;
import io.realtime.Topics;
import jakarta.servlet.ServletContext;

/**
 * A job's progress, two ways. {@code /jobs/{id}} follows the job's run (on any transport): {@code progress} events
 * {@code {"percent":n}} from 0, then {@code done}, then the run's {@code end}, so the browser does not reconnect. A
 * client that reconnects mid-way with its cursor gets exactly the events it missed; {@code DELETE /jobs/{id}}
 * stops the job.
 * {@code /jobs/{id}/status} is the short-poll shape for clients that would rather ask now and then: the current
 * {@link JobStatus} with an {@code ETag}, and {@code 304 Not Modified} while it has not changed.
 */
public class JobProgress implements AutoCloseable {

    private final ServletContext context;
    private final Jobs jobs;
    private final Topics topics;

    /**
     * Created by the runtime, which finds this class by its annotations; starts the application's {@link Jobs}.
     *
     * @param context the application, where {@link Jobs} are kept for {@link JobsServlet}
     * @param topics the application's topics, whose runs carry the jobs' progress
     */
    public JobProgress(ServletContext context, Topics topics) {
        this.topics = topics;
        this.context = context;
        this.jobs = new Jobs(context, topics);
    }

    /** Stops the jobs' timer; the runtime calls it when the application stops. */
    @Override
    public void close() {
        jobs.close();
    }

    /**
     * Follows a job until it is done.
     *
     * @param id the job's id, as {@code POST /api/jobs} answered it
     * @return the job's run, which a client follows from its start or its cursor, and stops with a {@code DELETE}
     * @throws RealtimeException {@code 404} for an unknown job
     */
    @Stream("/jobs/{id}")
    public Run<Progress> progress(@PathParam("id") String id) {
        return topics.run(Job.runName(job(id).id()));
    }

    /**
     * A job's state now.
     *
     * @param id the job's id
     * @return the state, which the runtime answers with an {@code ETag}
     * @throws RealtimeException {@code 404} for an unknown job
     */
    @Push("/jobs/{id}/status")
    public JobStatus status(@PathParam("id") String id) {
        return job(id).status();
    }

    // Looked up per call: the runtime creates this service before the application's listeners start.
    private Job job(String id) {
        return Jobs.from(context)
                .find(id)
                .orElseThrow(() -> RealtimeException.notFound("No job " + id + "; it may have been forgotten"));
    }
}
