package io.realtime.testing;

/**
 * One event as a Server-Sent Events client dispatches it.
 *
 * @param id the {@code id:} of the event, or {@code null} when it had none
 * @param event the event type ({@code message} when the frame named none)
 * @param data the data lines joined with {@code \n}
 */
public record SseEvent(String id, String event, String data) {}
