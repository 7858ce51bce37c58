package io.realtime.spi;

import io.realtime.Presence;
import java.util.List;

/**
 * Presence kept where every node sees it, offered by a backplane shared by several nodes
 * ({@link Backplane#presence()}). Each node keeps its own members (their connections, their grace period, the
 * coalescing of their changes) and hands the store its changes; the store merges the nodes' members into one room
 * per topic, tells what the topic's clients must hear, and lets the members of a node that stopped updating leave.
 *
 * <p>Threading: every method may be called from any thread, and may block on the store for a bounded time (it
 * should fail within about two seconds when the store is unreachable). The runtime calls {@link #update} for a topic
 * from one thread at a time.
 */
public interface SharedPresence {

    /**
     * Applies this node's changes to a topic's presence, and keeps this node's members there for another
     * {@link #refreshMillis()} and more. Members whose node has stopped updating for longer than that leave in the
     * same step.
     *
     * @param topic the topic name
     * @param changes this node's changes since its last successful update of the topic
     * @param listLimit the most members listed, the longest present first
     * @return what the topic's clients hear, and the list if asked for
     * @throws BackplaneException if the store could not be reached; it then kept nothing of the changes, or all of
     *     them, and the runtime sends them again
     */
    Outcome update(String topic, Changes changes, int listLimit);

    /**
     * Reads a topic's presence across nodes without changing it.
     *
     * @param topic the topic name
     * @param listLimit the most members listed; 0 counts without listing anyone
     * @return the listed members, the longest present first, and the counts
     * @throws BackplaneException if the store could not be reached
     */
    Presence.Roster read(String topic, int listLimit);

    /**
     * How often the runtime updates a topic in which this node has members, changed or not. A node that stops
     * doing so for about three times as long has its members leave.
     *
     * @return the interval in milliseconds, positive
     */
    long refreshMillis();

    /**
     * One node's changes to a topic's presence.
     *
     * @param joined members that joined or changed their name on this node, with their connections here
     * @param left the ids of members that left this node, after their grace period
     * @param connections this node's joined connections to the topic
     * @param all whether {@code joined} lists every member this node has, because the store had lost them
     * @param list whether the outcome should carry the list
     */
    record Changes(List<Presence.Member> joined, List<String> left, int connections, boolean all, boolean list) {
        /**
         * @param joined copied
         * @param left copied
         * @param connections at least 0
         * @param all see above
         * @param list see above
         */
        public Changes {
            joined = List.copyOf(joined);
            left = List.copyOf(left);
        }
    }

    /**
     * What an update did to a topic's presence across nodes.
     *
     * @param seq the room's change number after the update
     * @param changed whether clients must hear of it: members they know left or changed, members joined the list,
     *     or the counts of users or tabs changed. The change carries {@code seq}
     * @param joined members who joined the list, or changed their name, visible to every node's clients
     * @param left the ids of listed members who left
     * @param occupancy the counts across nodes
     * @param list the listed members after the update, if asked for; otherwise empty
     * @param lost whether the store no longer held this node's members before the update (it was flushed, or this
     *     node had stopped updating for too long): the runtime then sends every member it has
     */
    record Outcome(
            long seq,
            boolean changed,
            List<Presence.Member> joined,
            List<String> left,
            Presence.Occupancy occupancy,
            List<Presence.Member> list,
            boolean lost) {
        /**
         * @param seq see above
         * @param changed see above
         * @param joined copied
         * @param left copied
         * @param occupancy see above
         * @param list copied
         * @param lost see above
         */
        public Outcome {
            joined = List.copyOf(joined);
            left = List.copyOf(left);
            list = List.copyOf(list);
        }
    }
}
