package io.realtime.samples.clock;

/**
 * One tick of the clock.
 *
 * @param time the server's time, ISO-8601, to the second
 */
public record Tick(String time) {}
