package io.realtime.samples.dashboard;

/**
 * A line of the dashboard's activity log: event {@code note}, {@code {"text":"Backup finished","at":"..."}}.
 *
 * @param text what happened
 * @param at when, ISO-8601 in UTC
 */
public record Note(String text, String at) {}
