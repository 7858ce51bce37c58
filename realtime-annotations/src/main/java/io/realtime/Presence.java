package io.realtime;

import java.util.List;

/**
 * Who is here on a topic: the browser tabs whose connections have joined it, obtained with
 * {@link Topic#presence()}. A member is one tab ({@link RealtimeSession#id()}), whatever number of connections it
 * has joined with; a user with two tabs is two members of the same user.
 *
 * <p>Changes reach the topic's subscribers as events named {@code presence}, coalesced: joins and leaves that
 * happen within the same short window (about a tenth of a second) travel in one event, and a join undone by a leave
 * within it is not sent at all. A change in the number of connections alone is not published. A tab whose last connection closes stays a member for the grace period
 * ({@code presenceGrace}, 5 seconds by default): a reload, or a reconnect over any transport, within it is neither
 * a leave nor a join. A connection that joins receives, before any change, the current list as a {@code presence}
 * event of its own. The project's {@code docs/presence.md} gives the events' format.
 *
 * <p>Limits: every member is counted ({@link #occupancy()} costs the same for ten members as for ten thousand), but
 * at most {@code presenceListLimit} members (100 by default) are listed, the longest present first; the others are
 * counted and listed as listed members leave. A name is at most 64 characters.
 *
 * <p>Threading: every method is safe from any thread; changes are published from a runtime thread. If the topic's
 * backplane refuses that publication, subscribers miss that change until they next join; the members themselves
 * are unaffected. On one node no method blocks on the network.
 *
 * <p>Several nodes: with a backplane that shares presence (the Redis one), the list, the counts and the changes
 * span every node. {@link #occupancy()} and {@link #roster()} then ask the backplane's store, blocking up to its
 * timeout and throwing its exception when it cannot be reached; a joining connection gets the list after its node's
 * next update rather than at once; the members of a node that stops normally leave as it stops, and those of a node
 * that crashes after the store's TTL. The project's
 * {@code docs/presence.md} says what each fault looks like.
 */
public interface Presence {

    /**
     * Joins a connection to this topic's presence until it closes or {@link #leave(Connection) leaves}, and sends
     * it the current list. Subscribe the connection to the topic first, so that it receives every change that
     * follows the list. Joining again updates the name; other members hear of it as a join.
     *
     * @param connection an open connection
     * @param name a display name for the members' list, 0 to 64 characters without control characters
     * @throws IllegalArgumentException if the name breaks the rules
     */
    void join(Connection<?> connection, String name);

    /**
     * Takes a connection out of this topic's presence; its tab leaves after the grace period if this was its last
     * connection here. Does nothing for a connection that has not joined. Closing a connection does the same.
     *
     * @param connection the connection
     */
    void leave(Connection<?> connection);

    /**
     * How many are here, without listing them. Cheap at any size.
     *
     * @return the counts
     */
    Occupancy occupancy();

    /**
     * The listed members, the longest present first, at most {@code presenceListLimit} of them, and the counts.
     *
     * @return a snapshot
     */
    Roster roster();

    /**
     * One present tab.
     *
     * @param id an identifier of the tab for other clients' eyes: stable across its reloads, different from
     *     {@link RealtimeSession#id()} and worthless as a credential
     * @param user the name of the tab's authenticated user, or empty for an anonymous one
     * @param name the display name given when it joined, possibly empty
     * @param connections how many of the tab's connections have joined
     */
    record Member(String id, String user, String name, int connections) {}

    /**
     * The counts of a topic's presence.
     *
     * @param users distinct users; every anonymous tab counts as a user of its own
     * @param tabs present tabs, the members
     * @param connections joined connections
     */
    record Occupancy(int users, int tabs, int connections) {}

    /**
     * A snapshot of a topic's presence.
     *
     * @param members the listed members, the longest present first
     * @param occupancy the counts, which include members not listed
     */
    record Roster(List<Member> members, Occupancy occupancy) {
        /**
         * @param members the listed members, copied
         * @param occupancy the counts
         */
        public Roster {
            members = List.copyOf(members);
        }
    }
}
