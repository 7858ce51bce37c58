package io.realtime.samples.dashboard;

/**
 * One reading of a dashboard metric: event {@code sample}, {@code {"value":42.5,"at":"..."}}.
 *
 * @param value the reading, in the metric's unit
 * @param at when it was taken, ISO-8601 in UTC
 */
public record Sample(double value, String at) {}
