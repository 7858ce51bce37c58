package io.realtime.redis;

import java.util.List;

/**
 * A topic's state as {@code sync.lua} read it, atomically.
 *
 * @param epoch the topic's epoch
 * @param seq the offset of its newest event, 0 for none
 * @param entries the events read, in offset order
 */
record Snapshot(String epoch, long seq, List<Entry> entries) {}
