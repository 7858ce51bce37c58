package io.realtime.internal.presence;

import io.realtime.Presence;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The presence of one topic on this node: its members by tab, and the changes not yet published. Every method holds
 * the room's lock briefly and never blocks; publishing happens outside it.
 */
final class Room {

    private final int listLimit;
    private final LinkedHashMap<String, Present> members = new LinkedHashMap<>(); // by tab id, longest present first
    private final LinkedHashSet<String> unlisted = new LinkedHashSet<>(); // tab ids beyond the list limit, in order
    private final Map<String, Present> leaving = new HashMap<>(); // tab ids without a connection, in their grace
    private final Map<String, Integer> users = new HashMap<>();
    private int listed;
    private int connections;

    // Changes since the last publication, coalesced: a member id is in at most one of joined and left.
    private final LinkedHashMap<String, Present.Seen> joined = new LinkedHashMap<>();
    private final Set<String> fresh = new HashSet<>(); // joined in this window: a leave cancels them out
    private final LinkedHashSet<String> left = new LinkedHashSet<>();
    private Presence.Occupancy published = new Presence.Occupancy(0, 0, 0);
    private long seq;
    private boolean closed;

    Room(int listLimit) {
        this.listLimit = listLimit;
    }

    /**
     * A connection of a tab joins; a tab in its grace period stays, as if it had never left.
     *
     * @return the list the connection starts from, or {@code null} if the room has closed and the caller must retry
     *     on a new one
     */
    synchronized Joined join(String tab, String id, String user, String name, String connection) {
        if (closed) {
            return null;
        }
        Present present = members.get(tab);
        if (present == null) {
            present = new Present(id, user, user.isEmpty() ? "tab:" + tab : "user:" + user, name);
            members.put(tab, present);
            users.merge(present.userKey, 1, Integer::sum);
            if (listed < listLimit) {
                list(present, !left.remove(id));
            } else {
                unlisted.add(tab);
            }
        } else {
            if (leaving.remove(tab) != null) {
                present.leavesAt = 0; // a reload or reconnect within the grace period: neither a leave nor a join
            }
            if (!present.name.equals(name)) {
                present.name = name;
                if (present.listed) {
                    joined.put(id, present.seen()); // clients replace a member they know
                }
            }
        }
        boolean added = present.connections.add(connection);
        if (added) {
            connections++;
        }
        return new Joined(snapshot(), added);
    }

    /** What {@link #join} gives the joining connection. */
    record Joined(PresenceEvents.Snapshot snapshot, boolean newConnection) {}

    /**
     * A connection leaves; its tab starts its grace period if that was its last connection.
     *
     * @return whether the room has something for the next flush
     */
    synchronized boolean leave(String tab, String connection, long leavesAt) {
        Present present = members.get(tab);
        if (present == null || !present.connections.remove(connection)) {
            return false;
        }
        connections--;
        if (present.connections.isEmpty()) {
            present.leavesAt = leavesAt;
            leaving.put(tab, present);
        }
        return true;
    }

    /**
     * Lets tabs whose grace has ended leave, and takes the changes to publish.
     *
     * @return the change, or {@code null} if nothing that clients see has changed
     */
    synchronized PresenceEvents.Change flush(long now) {
        for (Iterator<Map.Entry<String, Present>> it = leaving.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Present> entry = it.next();
            if (entry.getValue().leavesAt <= now) {
                it.remove();
                remove(entry.getKey(), entry.getValue());
            }
        }
        Presence.Occupancy occupancy = occupancy();
        // Connections come and go with every reload: their count alone is not worth an event.
        if (joined.isEmpty()
                && left.isEmpty()
                && occupancy.users() == published.users()
                && occupancy.tabs() == published.tabs()) {
            return null;
        }
        PresenceEvents.Change change =
                new PresenceEvents.Change(++seq, List.copyOf(joined.values()), List.copyOf(left), occupancy);
        joined.clear();
        fresh.clear();
        left.clear();
        published = occupancy;
        return change;
    }

    /** Whether tabs are still waiting out their grace period. */
    synchronized boolean hasLeavers() {
        return !leaving.isEmpty();
    }

    /** Closes the room if nobody is in it and nothing is left to publish; a closed room accepts no one. */
    synchronized boolean closeIfEmpty() {
        closed = members.isEmpty() && joined.isEmpty() && left.isEmpty() && published.tabs() == 0;
        return closed;
    }

    synchronized Presence.Occupancy occupancy() {
        return new Presence.Occupancy(users.size(), members.size(), connections);
    }

    synchronized Presence.Roster roster() {
        List<Presence.Member> list = new ArrayList<>(listed);
        for (Present present : members.values()) {
            if (list.size() == listed) {
                break;
            }
            if (present.listed) {
                list.add(present.member());
            }
        }
        return new Presence.Roster(list, occupancy());
    }

    private PresenceEvents.Snapshot snapshot() {
        List<Present.Seen> list = new ArrayList<>(listed);
        for (Present present : members.values()) {
            if (list.size() == listed) {
                break; // the listed members are the longest present, so they come first
            }
            if (present.listed) {
                list.add(present.seen());
            }
        }
        return new PresenceEvents.Snapshot(seq, list, occupancy());
    }

    private void list(Present present, boolean isFresh) {
        present.listed = true;
        listed++;
        joined.put(present.id, present.seen());
        if (isFresh) {
            fresh.add(present.id);
        }
    }

    private void remove(String tab, Present present) {
        members.remove(tab);
        users.computeIfPresent(present.userKey, (key, count) -> count == 1 ? null : count - 1);
        if (!present.listed) {
            unlisted.remove(tab);
            return;
        }
        listed--;
        joined.remove(present.id);
        if (!fresh.remove(present.id)) {
            left.add(present.id); // clients knew it: they must hear that it left
        }
        Iterator<String> next = unlisted.iterator();
        if (next.hasNext()) {
            String promoted = next.next();
            next.remove();
            Present member = members.get(promoted);
            list(member, !left.remove(member.id));
        }
    }
}
