package io.realtime.samples.chat;

/**
 * What every connection in the room receives, as event {@code message}: {@code {"from","text","at"}}.
 *
 * @param from the sender's nickname
 * @param text what was said
 * @param at when the server received it, ISO-8601 in UTC
 */
public record ChatLine(String from, String text, String at) {}
