package io.realtime.redis;

import io.lettuce.core.RedisException;
import io.lettuce.core.api.sync.RedisScriptingCommands;
import io.realtime.Presence;
import io.realtime.spi.SharedPresence;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Presence across nodes in Redis: per topic, the members in join order, their holders, the users, and per node a
 * set of its members with a deadline it pushes back at every update. Every read and write is one run of
 * {@code presence.lua}, atomic on the topic's slot. A node that stops updating (it crashed, or lost Redis) has its
 * members leave at the next update of a live node after its deadline.
 */
final class RedisPresence implements SharedPresence {

    static final Script PRESENCE = Script.load("presence.lua");
    private static final byte[] UPDATE = ascii("update");
    private static final byte[] READ = ascii("read");
    private static final byte[] ONE = ascii("1");
    private static final byte[] ZERO = ascii("0");

    private final RedisScriptingCommands<String, byte[]> redis;
    private final Keys keys;
    private final String node;
    private final long ttlMillis;
    private final byte[] ttl;
    private final byte[] expiry;

    /**
     * @param ttlMillis how long a node's members stay without an update from it
     */
    RedisPresence(RedisScriptingCommands<String, byte[]> redis, Keys keys, long ttlMillis) {
        this.redis = redis;
        this.keys = keys;
        this.node = newNode();
        this.ttlMillis = ttlMillis;
        this.ttl = ascii(Long.toString(ttlMillis));
        // Outlives any live node's deadline many times over: only a room whose every node died expires.
        this.expiry = ascii(Long.toString(Math.max(10 * ttlMillis, 60_000)));
    }

    @Override
    public Outcome update(String topic, Changes changes, int listLimit) {
        List<byte[]> args = head(topic, UPDATE, listLimit, changes.connections(), changes.all(), changes.list());
        args.add(ascii(Integer.toString(changes.left().size())));
        changes.left().forEach(id -> args.add(utf8(id)));
        args.add(ascii(Integer.toString(changes.joined().size())));
        for (Presence.Member member : changes.joined()) {
            args.add(utf8(member.id()));
            args.add(utf8(member.user()));
            args.add(utf8(member.name()));
        }
        List<Object> reply = run("update presence of", topic, args);
        List<?> left = (List<?>) reply.get(5);
        return new Outcome(
                (Long) reply.get(0),
                (Long) reply.get(1) == 1,
                members(reply.get(4)),
                left.stream().map(Entry::text).toList(),
                occupancy(reply.get(3)),
                members(reply.get(6)),
                (Long) reply.get(2) == 1);
    }

    @Override
    public Presence.Roster read(String topic, int listLimit) {
        List<byte[]> args = head(topic, READ, listLimit, 0, false, listLimit > 0);
        args.add(ZERO);
        args.add(ZERO);
        List<Object> reply = run("read presence of", topic, args);
        return new Presence.Roster(members(reply.get(6)), occupancy(reply.get(3)));
    }

    @Override
    public long refreshMillis() {
        return ttlMillis / 3;
    }

    private List<byte[]> head(String topic, byte[] mode, int listLimit, int connections, boolean all, boolean list) {
        List<byte[]> args = new ArrayList<>();
        args.add(utf8(node));
        args.add(utf8(keys.nodeSet(topic)));
        args.add(ttl);
        args.add(expiry);
        args.add(ascii(Integer.toString(listLimit)));
        args.add(mode);
        args.add(ascii(Integer.toString(connections)));
        args.add(all ? ONE : ZERO);
        args.add(list ? ONE : ZERO);
        return args;
    }

    private List<Object> run(String action, String topic, List<byte[]> args) {
        try {
            return PRESENCE.run(redis, keys.presence(topic, node), args.toArray(byte[][]::new));
        } catch (RedisException e) {
            throw Store.failure(action, topic, e);
        }
    }

    private static Presence.Occupancy occupancy(Object counts) {
        List<?> list = (List<?>) counts;
        return new Presence.Occupancy(
                ((Long) list.get(0)).intValue(), ((Long) list.get(1)).intValue(), ((Long) list.get(2)).intValue());
    }

    // Connections are counted per node, not per member: each listed member shows the one it joined with.
    private static List<Presence.Member> members(Object triples) {
        List<?> flat = (List<?>) triples;
        List<Presence.Member> members = new ArrayList<>(flat.size() / 3);
        for (int i = 0; i + 2 < flat.size(); i += 3) {
            members.add(new Presence.Member(
                    Entry.text(flat.get(i)), Entry.text(flat.get(i + 1)), Entry.text(flat.get(i + 2)), 1));
        }
        return members;
    }

    private static String newNode() {
        byte[] bytes = new byte[9];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
