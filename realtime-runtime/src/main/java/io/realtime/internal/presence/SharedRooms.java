package io.realtime.internal.presence;

import io.realtime.Presence;
import io.realtime.spi.SharedPresence;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * This node's side of presence shared through the backplane: it hands each room's coalesced local changes to the
 * store, publishes what the store says clients must hear, sends the list to connections waiting for it, and
 * refreshes the rooms this node has members in. Changes the store could not take are kept and sent with the next
 * ones. Runs on the presence tick's thread, but for {@link #awaitList}.
 */
final class SharedRooms {

    private static final Logger LOG = System.getLogger(SharedRooms.class.getName());

    private final SharedPresence store;
    private final BiConsumer<String, Object> publisher;
    private final int listLimit;
    private final ConcurrentMap<String, Pending> pending = new ConcurrentHashMap<>();

    SharedRooms(SharedPresence store, BiConsumer<String, Object> publisher, int listLimit) {
        this.store = store;
        this.publisher = publisher;
        this.listLimit = listLimit;
    }

    /** A joining connection gets the list across nodes after the room's next update. */
    void awaitList(String topic, Consumer<Object> sendList) {
        Pending room = pending.computeIfAbsent(topic, t -> new Pending());
        synchronized (room) {
            room.waiting.add(sendList);
        }
    }

    /** Adds to {@code busy} the rooms due for a refresh, or with changes the store has not taken yet. */
    void due(long now, Collection<String> busy) {
        pending.forEach((topic, room) -> {
            if (now - room.updated >= store.refreshMillis()) {
                busy.add(topic);
            }
        });
    }

    /**
     * Updates a room in the store and publishes the outcome.
     *
     * @param local the room on this node, or {@code null} if it has closed
     * @param change its coalesced change, or {@code null} for none
     */
    void update(String topic, Room local, PresenceEvents.Change change, long now) {
        Pending room = pending.computeIfAbsent(topic, t -> new Pending());
        List<Consumer<Object>> waiting;
        synchronized (room) {
            waiting = List.copyOf(room.waiting);
        }
        room.add(change);
        boolean all = room.lost && local != null;
        List<Presence.Member> joined = all ? local.roster().members() : List.copyOf(room.joined.values());
        int connections = local == null ? 0 : local.occupancy().connections();
        SharedPresence.Outcome outcome;
        room.updated = now;
        try {
            outcome = store.update(
                    topic,
                    new SharedPresence.Changes(joined, List.copyOf(room.left), connections, all, !waiting.isEmpty()),
                    listLimit);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Presence of topic ''{0}'' not shared: {1}", topic, e.toString());
            return; // kept, and sent again at the next refresh
        }
        room.joined.clear();
        room.left.clear();
        room.lost = outcome.lost() && room.registered;
        room.registered = true;
        if (outcome.changed()) {
            publish(
                    topic,
                    new PresenceEvents.Change(
                            outcome.seq(), seen(outcome.joined()), outcome.left(), outcome.occupancy()));
        }
        if (!waiting.isEmpty()) {
            PresenceEvents.Snapshot list =
                    new PresenceEvents.Snapshot(outcome.seq(), seen(outcome.list()), outcome.occupancy());
            waiting.forEach(send -> send.accept(list));
            synchronized (room) {
                room.waiting.removeAll(waiting);
            }
        }
        if (local == null) {
            forgetIfIdle(topic, room);
        }
    }

    /**
     * This node stops: every member it holds in the room leaves the store now, with the changes not taken yet.
     * A member another node holds too (a tab that moved) stays, as when it leaves one node in its grace period.
     */
    void leaveAll(String topic, Room local, long now) {
        List<String> members = new ArrayList<>();
        local.roster().members().forEach(member -> members.add(member.id())); // every one: rooms list all, shared
        update(topic, null, new PresenceEvents.Change(0, List.of(), members, local.occupancy()), now);
    }

    /** The room on this node has closed: stop refreshing it once the store has everything. */
    void closed(String topic) {
        Pending room = pending.get(topic);
        if (room != null) {
            forgetIfIdle(topic, room);
        }
    }

    Presence.Roster read(String topic, int limit) {
        return store.read(topic, limit);
    }

    private void forgetIfIdle(String topic, Pending room) {
        synchronized (room) {
            if (room.joined.isEmpty() && room.left.isEmpty() && room.waiting.isEmpty()) {
                pending.remove(topic, room);
            }
        }
    }

    private void publish(String topic, PresenceEvents.Change change) {
        try {
            publisher.accept(topic, change);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Presence change of topic ''{0}'' not published: {1}", topic, e.toString());
        }
    }

    private static List<Present.Seen> seen(List<Presence.Member> members) {
        List<Present.Seen> seen = new ArrayList<>(members.size());
        members.forEach(m -> seen.add(new Present.Seen(m.id(), m.user(), m.name())));
        return seen;
    }

    /** A room's changes not yet in the store, and the connections waiting for its list. */
    private static final class Pending {
        final LinkedHashMap<String, Presence.Member> joined = new LinkedHashMap<>(); // tick thread only
        final LinkedHashSet<String> left = new LinkedHashSet<>(); // tick thread only
        final List<Consumer<Object>> waiting = new ArrayList<>(); // guarded by this
        volatile long updated = Long.MIN_VALUE / 2;
        boolean registered; // the store has taken an update of this room from this node
        boolean lost; // the store lost this node's members: send them all

        /** Merges a change after those not yet taken: applied in order, leaves before joins. */
        void add(PresenceEvents.Change change) {
            if (change == null) {
                return;
            }
            for (String id : change.left()) {
                joined.remove(id);
                left.add(id);
            }
            Map<String, Presence.Member> next = new LinkedHashMap<>();
            for (Present.Seen seen : change.joined()) {
                next.put(seen.id(), new Presence.Member(seen.id(), seen.user(), seen.name(), 1));
            }
            joined.putAll(next);
        }
    }
}
