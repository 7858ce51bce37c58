package io.realtime.internal.presence;

import io.realtime.Presence;
import io.realtime.spi.SharedPresence;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The presence of every topic on this node. Rooms come into being with their first member and go once empty and
 * published. Changes are published by {@link #tick}, which the runtime runs every {@link #TICK_MILLIS} from one
 * thread: that is the coalescing window, and it keeps each room's events in sequence order.
 */
public final class PresenceRegistry {

    /** How often changes are published, and so the window within which they coalesce. */
    public static final long TICK_MILLIS = 100;

    private static final Logger LOG = System.getLogger(PresenceRegistry.class.getName());

    private final ConcurrentMap<String, Room> rooms = new ConcurrentHashMap<>();
    private final Set<String> busy = ConcurrentHashMap.newKeySet(); // topics with something for the next tick
    private final BiConsumer<String, Object> publisher;
    private final int listLimit;
    private final int roomListLimit; // every local member is listed when the store merges them across nodes
    private final long graceMillis;
    private final SharedRooms shared; // null on a single node

    /**
     * Presence on this node alone.
     *
     * @param publisher publishes an event {@code presence} with the given data on the named topic; may throw
     * @param listLimit the most members listed per topic
     * @param graceMillis how long a tab without connections stays
     */
    public PresenceRegistry(BiConsumer<String, Object> publisher, int listLimit, long graceMillis) {
        this(publisher, listLimit, graceMillis, Optional.empty());
    }

    /**
     * @param publisher publishes an event {@code presence} with the given data on the named topic; may throw
     * @param listLimit the most members listed per topic
     * @param graceMillis how long a tab without connections stays
     * @param shared the backplane's shared presence, if it has one: rooms then span every node, and each node's
     *     rooms list all of its members, for the store to merge
     */
    public PresenceRegistry(
            BiConsumer<String, Object> publisher, int listLimit, long graceMillis, Optional<SharedPresence> shared) {
        this.publisher = publisher;
        this.listLimit = listLimit;
        this.roomListLimit = shared.isPresent() ? Integer.MAX_VALUE : listLimit;
        this.graceMillis = graceMillis;
        this.shared = shared.map(store -> new SharedRooms(store, publisher, listLimit))
                .orElse(null);
    }

    /**
     * @param topic a topic name, already checked
     * @return the topic's presence
     */
    public Presence of(String topic) {
        return new RoomPresence(this, topic);
    }

    /**
     * A connection joins; it is sent the list now on a single node, after the room's next update across nodes.
     *
     * @return whether the connection is new to the room
     */
    boolean join(String topic, String tab, String user, String name, String connection, Consumer<Object> sendList) {
        Room.Joined joined = join(topic, tab, user, name, connection);
        if (shared == null) {
            sendList.accept(joined.snapshot());
        } else {
            shared.awaitList(topic, sendList);
            busy.add(topic); // again: a tick may have taken the join to the store before the connection waited
        }
        return joined.newConnection();
    }

    Room.Joined join(String topic, String tab, String user, String name, String connection) {
        String id = memberId(tab);
        while (true) {
            Room room = rooms.computeIfAbsent(topic, t -> new Room(roomListLimit));
            Room.Joined joined = room.join(tab, id, user, name, connection);
            if (joined != null) {
                busy.add(topic);
                return joined;
            }
            rooms.remove(topic, room); // closed by a tick between the lookup and the join
        }
    }

    void leave(String topic, String tab, String connection) {
        Room room = rooms.get(topic);
        if (room != null && room.leave(tab, connection, System.currentTimeMillis() + graceMillis)) {
            busy.add(topic);
        }
    }

    Presence.Occupancy occupancy(String topic) {
        if (shared != null) {
            return shared.read(topic, 0).occupancy();
        }
        Room room = rooms.get(topic);
        return room == null ? new Presence.Occupancy(0, 0, 0) : room.occupancy();
    }

    Presence.Roster roster(String topic) {
        if (shared != null) {
            return shared.read(topic, listLimit);
        }
        Room room = rooms.get(topic);
        return room == null ? new Presence.Roster(List.of(), occupancy(topic)) : room.roster();
    }

    /**
     * Lets tabs whose grace has ended leave, publishes each busy room's coalesced change, and drops empty rooms.
     *
     * @param nowMillis the current time
     */
    public void tick(long nowMillis) {
        if (shared != null) {
            shared.due(nowMillis, busy);
        }
        for (String topic : List.copyOf(busy)) {
            busy.remove(topic); // before flushing: a change made meanwhile marks the room busy again
            Room room = rooms.get(topic);
            if (room == null) {
                if (shared != null) {
                    shared.update(topic, null, null, nowMillis); // changes the store has not taken yet
                }
                continue;
            }
            PresenceEvents.Change change = room.flush(nowMillis);
            if (room.hasLeavers()) {
                busy.add(topic);
            }
            if (shared != null) {
                shared.update(topic, room, change, nowMillis);
            } else if (change != null) {
                try {
                    publisher.accept(topic, change);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "Presence change of topic ''{0}'' not published: {1}", topic, e.toString());
                }
            }
            if (rooms.computeIfPresent(topic, (t, r) -> r.closeIfEmpty() ? null : r) == null && shared != null) {
                shared.closed(topic);
            }
        }
    }

    /**
     * The node stops normally: its members leave every shared room at once, in one update per room, which other
     * nodes' subscribers hear as leaves, instead of staying until the store's TTL runs out. Does nothing on a
     * single node, whose rooms stop with it. Call after the last {@link #tick}, from the stopping thread; blocks
     * on the backplane, one update per room, each up to its timeout.
     *
     * @param nowMillis the current time
     */
    public void leaveAll(long nowMillis) {
        if (shared == null) {
            return;
        }
        rooms.forEach((topic, room) -> shared.leaveAll(topic, room, nowMillis));
    }

    /** @return how many topics have presence on this node */
    public int rooms() {
        return rooms.size();
    }

    // Other clients see a digest of the tab id, never the id itself; the same on every node.
    static String memberId(String tab) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(tab.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(digest)
                    .substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }
}
