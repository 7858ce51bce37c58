package io.realtime.samples.jobs;

import io.realtime.EventSink;
import io.realtime.PathParam;
import io.realtime.Push;
import io.realtime.RealtimeException;
import io.realtime.Stream;
import jakarta.servlet.ServletContext;

/**
 * A job's progress, two ways. {@code /jobs/{id}} streams it over Server-Sent Events: {@code progress} events
 * {@code {"percent":n}}, then {@code done}, then the stream ends, so the browser does not reconnect. A stream
 * that reconnects mid-way (it is per client, not resumable) hears the current percentage first, then the rest.
 * {@code /jobs/{id}/status} is the short-poll shape for clients that would rather ask now and then: the current
 * {@link JobStatus} with an {@code ETag}, and {@code 304 Not Modified} while it has not changed.
 */
public class JobProgress implements AutoCloseable {

    private final ServletContext context;
    private final Jobs jobs;

    /**
     * Created by the runtime, which finds this class by its annotations; starts the application's {@link Jobs}.
     *
     * @param context the application, where {@link Jobs} are kept for {@link JobsServlet}
     */
    public JobProgress(ServletContext context) {
        this.context = context;
        this.jobs = new Jobs(context);
    }

    /** Stops the jobs' timer; the runtime calls it when the application stops. */
    @Override
    public void close() {
        jobs.close();
    }

    /**
     * Follows a job until it is done.
     *
     * @param sink this client's stream
     * @param id the job's id, as {@code POST /api/jobs} answered it
     * @throws RealtimeException {@code 404} for an unknown job
     */
    @Stream("/jobs/{id}")
    public void progress(EventSink<Progress> sink, @PathParam("id") String id) {
        job(id).follow(sink);
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
