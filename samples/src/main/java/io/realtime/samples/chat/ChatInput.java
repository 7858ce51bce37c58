package io.realtime.samples.chat;

/**
 * A message from a chat page: {@code {"text":"hi"}} says something, {@code {"nick":"alice"}} sets this tab's
 * nickname; one message may carry both.
 *
 * @param text what to say, or {@code null}
 * @param nick the new nickname, or {@code null}
 */
public record ChatInput(String text, String nick) {}
