package io.realtime.samples.call;

/**
 * What a call page's connection receives as it joins, as event {@code peer}: {@code {"peer":"p-3f9c0a1b"}}, the
 * name its tab is listed and addressed under in the room's presence. It follows the tab across reloads.
 *
 * @param peer the tab's peer name
 */
public record Peer(String peer) {}
