package io.realtime.samples.chat;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The reply to a chat message: {@code {"from":"alice","id":"<cursor>"}}, where {@code id} is the cursor of the
 * line as the room received it (absent when the message only set the nickname).
 *
 * @param from the sender's nickname, as the room sees it
 * @param id the line's cursor, or {@code null}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChatAck(String from, String id) {}
