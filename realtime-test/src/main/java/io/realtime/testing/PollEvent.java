package io.realtime.testing;

/**
 * One event as a long-poll client receives it.
 *
 * <p>A reset is recorded as an event named {@code reset} whose {@code id} and {@code data} carry the cursor the
 * stream continues from, as the Server-Sent Events transport sends it: {@code PollEvent("E:9", "reset",
 * "{\"cursor\":\"E:9\"}")}.
 *
 * @param id the event's cursor, or {@code null} for an event sent to this client alone
 * @param event the event name
 * @param data the event's data as compact JSON text
 */
public record PollEvent(String id, String event, String data) {}
