package io.realtime.samples.jobs;

/**
 * How far a job has come: the data of events {@code progress} and {@code done}, {@code {"percent":45}}.
 *
 * @param percent 0 to 100
 */
public record Progress(int percent) {}
