package io.realtime.samples.chat;

/**
 * What a connection receives as it joins, as event {@code welcome}: {@code {"from":"alice"}}, the name its tab
 * speaks under, the nickname it chose earlier (before a reload, on another connection) or the guest name it was
 * given. Sent to that connection alone, without a cursor.
 *
 * @param from the tab's nickname
 */
public record Welcome(String from) {}
