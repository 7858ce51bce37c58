package io.realtime.internal.presence;

import io.realtime.Presence;
import java.util.List;

/**
 * The data of {@code presence} events, as docs/presence.md shows them. Every one carries the room's sequence
 * number: a client drops a change whose {@code seq} is not above that of the list it holds, which makes
 * replayed history and the race between the list and the first changes harmless.
 */
final class PresenceEvents {

    private PresenceEvents() {}

    /** The current list, sent to a connection alone as it joins. */
    record Snapshot(long seq, List<Present.Seen> members, Presence.Occupancy occupancy) {}

    /** What changed since the previous change, published to the topic. */
    record Change(long seq, List<Present.Seen> joined, List<String> left, Presence.Occupancy occupancy) {}
}
