package io.realtime.samples.call;

import io.realtime.Connection;
import io.realtime.Duplex;
import io.realtime.PathParam;
import io.realtime.RealtimeException;
import io.realtime.RealtimeSession;
import io.realtime.Topic;
import io.realtime.Topics;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The signaling server of the WebRTC call page: two tabs in a room find each other through the room topic's
 * {@link io.realtime.Presence}, then send each other offers, answers and ICE candidates through {@code
 * /call/{room}}; the media and the chat then go from browser to browser, never through this server.
 *
 * <p>Each tab has a peer name, kept in its {@link RealtimeSession} attributes so that a reload keeps it; it joins
 * the room's presence under that name and is told it (event {@code peer}, a {@link Peer}). A {@link Signal} names
 * the member it is for; the server relays it only from a tab that has joined the room to a member of the
 * same room, as event {@code signal} (a {@link Relayed}) carrying the sender's name as the server knows it, so a
 * page can neither reach tabs of other rooms nor pass for another member.
 *
 * <p>Limits: room names are 1 to 32 characters {@code [a-z0-9-]}; a room holds two tabs (a third is refused with
 * {@code 429 call_full}); at most {@value #MAX_ROOMS} rooms are open at once ({@code 503 too_many_calls}); a
 * signal's description and candidate together are at most {@value #MAX_SIGNAL} characters of JSON. A signal that
 * breaks them, or names nobody in the room, is answered with an error reply and relayed to nobody. The rooms live
 * in this node's memory: across nodes a signal would travel on a topic of its target instead.
 */
public class Calls {

    /** The most characters of JSON a signal's description and candidate may take together. */
    static final int MAX_SIGNAL = 16_384;
    /** The most rooms open at once. */
    static final int MAX_ROOMS = 1_000;
    /** The tab attribute holding the peer name. */
    static final String PEER = "call.peer";

    private static final Pattern ROOM = Pattern.compile("[a-z0-9-]{1,32}");
    private static final int PEERS_PER_ROOM = 2;

    private final Topics topics;
    // room -> peer name -> the connection the peer joined with last
    private final Map<String, Map<String, Connection<Object>>> rooms = new ConcurrentHashMap<>();

    /**
     * Created by the runtime, which finds this class by its annotations.
     *
     * @param topics the application's topics, one per room, for presence
     */
    public Calls(Topics topics) {
        this.topics = topics;
    }

    /**
     * A connection joins a room: it is told its tab's peer name, follows the room's topic and joins its presence
     * under that name. A newer connection of the same tab (after a reload) takes the place of the older one.
     *
     * @param connection the page's connection, which receives a {@link Peer}, {@code presence} events and the
     *     {@link Relayed} signals addressed to it
     * @param room the room's name
     * @throws RealtimeException {@code bad_request} for a bad room name, {@code 429 call_full} for a third tab,
     *     {@code 503 too_many_calls} beyond {@value #MAX_ROOMS} rooms
     */
    @Duplex("/call/{room}")
    public void join(Connection<Object> connection, @PathParam("room") String room) {
        check(room);
        String peer = peerName(connection.session());
        // Inside compute, atomically per room, so that a room that has just emptied is never dropped as someone
        // joins it.
        rooms.compute(room, (name, existing) -> {
            if (existing == null && rooms.size() >= MAX_ROOMS) {
                throw RealtimeException.of(503, "too_many_calls", "Too many calls are open; try again later");
            }
            Map<String, Connection<Object>> peers = existing != null ? existing : new ConcurrentHashMap<>();
            if (!peers.containsKey(peer) && peers.size() >= PEERS_PER_ROOM) {
                throw RealtimeException.of(429, "call_full", "A call is between two tabs; this one has both");
            }
            peers.put(peer, connection);
            return peers;
        });
        connection.onClose(() -> rooms.computeIfPresent(room, (name, peers) -> {
            peers.remove(peer, connection); // only if a newer connection of the tab has not taken its place
            return peers.isEmpty() ? null : peers;
        }));
        Topic<Object> topic = topics.get("call:" + room);
        connection.send("peer", new Peer(peer));
        connection.subscribe(topic);
        topic.presence().join(connection, peer); // subscribed first, so every change after the list reaches it
    }

    /**
     * Relays one signal to the member of the room it names.
     *
     * @param signal the signal
     * @param room the room's name
     * @param session the sender's tab, which must have joined the room
     * @throws RealtimeException {@code bad_request} for a signal without content, a larger one than the limit, a
     *     sender that has not joined the room or a target that is not in it
     */
    @Duplex("/call/{room}")
    public void signal(Signal signal, @PathParam("room") String room, RealtimeSession session) {
        if ((signal.description() == null) == (signal.candidate() == null)) {
            throw RealtimeException.badRequest("A signal carries either a description or a candidate");
        }
        if (size(signal) > MAX_SIGNAL) {
            throw RealtimeException.badRequest("A signal is at most " + MAX_SIGNAL + " characters of JSON");
        }
        if (signal.call() != null && signal.call().length() > 64) {
            throw RealtimeException.badRequest("A call id is at most 64 characters");
        }
        Map<String, Connection<Object>> peers = rooms.getOrDefault(room, Map.of());
        String from = peerName(session);
        Connection<Object> sender = peers.get(from);
        if (sender == null || !sender.session().id().equals(session.id())) {
            throw RealtimeException.badRequest("This tab has not joined call " + room);
        }
        Connection<Object> target = signal.to() == null || signal.to().equals(from) ? null : peers.get(signal.to());
        if (target == null) {
            throw RealtimeException.badRequest("Nobody else in call " + room + " is named " + signal.to());
        }
        target.send("signal", new Relayed(from, signal.call(), signal.description(), signal.candidate()));
    }

    private static int size(Signal signal) {
        int size = 0;
        if (signal.description() != null) {
            size += signal.description().toString().length();
        }
        if (signal.candidate() != null) {
            size += signal.candidate().toString().length();
        }
        return size;
    }

    private static void check(String room) {
        if (!ROOM.matcher(room).matches()) {
            throw RealtimeException.badRequest("A room name is 1 to 32 characters a-z, 0-9 or -");
        }
    }

    // A tab gets a name the first time it joins a call, kept for the tab's life.
    private static String peerName(RealtimeSession session) {
        return (String) session.attributes()
                .computeIfAbsent(
                        PEER,
                        key -> "p-"
                                + HexFormat.of()
                                        .toHexDigits(ThreadLocalRandom.current().nextInt()));
    }
}
