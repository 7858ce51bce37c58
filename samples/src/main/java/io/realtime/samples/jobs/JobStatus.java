package io.realtime.samples.jobs;

/**
 * A job's state for a short poll: {@code {"id":"...","percent":45,"state":"running"}}.
 *
 * @param id the job's id
 * @param percent 0 to 100
 * @param state {@code running}, {@code done}, or {@code stopped} when a client stopped its run
 */
public record JobStatus(String id, int percent, String state) {}
