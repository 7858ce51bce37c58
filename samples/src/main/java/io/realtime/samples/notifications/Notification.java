package io.realtime.samples.notifications;

/**
 * One notification, event {@code notification}: {@code {"text":"Build finished","at":"..."}}.
 *
 * @param text what happened
 * @param at when it was posted, ISO-8601 in UTC
 */
public record Notification(String text, String at) {}
