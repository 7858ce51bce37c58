package io.realtime.samples.cursors;

import java.util.List;

/**
 * What a page receives, as event {@code cursors}: the newest position of every member that moved since the
 * previous batch, and the members that left. The first batch after joining holds everyone already there.
 * {@code {"moved":[{"id":"teal","color":"#0e9384","x":0.5,"y":0.25}],"left":["amber"]}}
 *
 * @param moved newest positions, one per member at most
 * @param left labels of members gone since the previous batch
 */
public record Moves(List<Cursor> moved, List<String> left) {}
