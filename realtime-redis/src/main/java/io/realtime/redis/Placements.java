package io.realtime.redis;

import io.lettuce.core.RedisException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The bookkeeping of {@link ShardNotices}: the channels a node wants, the connection to each master, and the
 * master at which each channel is subscribed, or that it is not subscribed anywhere (unplaced) and must be again.
 * Thread-safe, behind one lock; nothing here talks to Redis: methods that change where channels are return what is
 * left to do with the connections, for the caller to do after the lock is released.
 */
final class Placements {

    private final ReentrantLock lock = new ReentrantLock();

    // Guarded by lock.
    private final Map<String, Shard> shards = new HashMap<>(); // by the master's address
    private final Map<String, Shard> placed = new HashMap<>();
    private final Set<String> wanted = new HashSet<>();
    private final Set<String> unplaced = new LinkedHashSet<>();
    private final Set<String> repairing = new HashSet<>();
    private boolean closed;

    void want(String channel) {
        locked(() -> wanted.add(channel));
    }

    /** The node stopped following the channel: @return what is left to do */
    List<Runnable> forget(String channel) {
        return locked(() -> {
            wanted.remove(channel);
            unplaced.remove(channel);
            Shard shard = placed.remove(channel);
            if (shard == null) {
                return List.of();
            }
            shard.channels.remove(channel);
            return List.of(() -> shard.unsubscribe(channel));
        });
    }

    /** @return the open connection to a master, or {@code null} */
    Shard shard(String address) {
        return locked(() -> shards.get(address));
    }

    /**
     * Keeps a new connection to a master.
     *
     * @return the connection to use: this one, or one opened meanwhile, which the caller's then replaces
     * @throws RedisException if the backplane is closed
     */
    Shard add(Shard opened) {
        return locked(() -> {
            if (closed) {
                throw new RedisException("The backplane is closed");
            }
            Shard known = shards.putIfAbsent(opened.address, opened);
            return known == null ? opened : known;
        });
    }

    /** @return the shard whose connection this is, or {@code null} */
    Shard carrying(Object connection) {
        return locked(() -> shards.values().stream()
                .filter(shard -> shard.carries(connection))
                .findFirst()
                .orElse(null));
    }

    /** A master confirmed a subscription: @return what is left to do */
    List<Runnable> place(String channel, Shard shard) {
        return locked(() -> {
            if (!wanted.contains(channel)) {
                return List.of(() -> shard.unsubscribe(channel)); // forgotten while subscribing
            }
            if (shard.lost) {
                unplaced.add(channel); // the connection broke right after: not subscribed any more
                return List.of();
            }
            Shard before = placed.put(channel, shard);
            shard.channels.add(channel);
            unplaced.remove(channel);
            if (before == null || before == shard) {
                return List.of();
            }
            before.channels.remove(channel);
            return List.of(() -> before.unsubscribe(channel));
        });
    }

    /** A master ended a subscription: ours, or because the slot left it. */
    void ended(Shard shard, String channel) {
        locked(() -> {
            if (placed.get(channel) == shard) {
                placed.remove(channel);
                shard.channels.remove(channel);
                if (wanted.contains(channel)) {
                    unplaced.add(channel);
                }
            }
            return null;
        });
    }

    /** A connection broke or could not be opened: its channels are unplaced. @return whether it was in use */
    boolean lose(Shard shard) {
        return locked(() -> {
            if (shard.lost) {
                return false;
            }
            shard.lost = true;
            shards.remove(shard.address, shard);
            for (String channel : shard.channels) {
                placed.remove(channel, shard);
                if (wanted.contains(channel)) {
                    unplaced.add(channel);
                }
            }
            shard.channels.clear();
            return true;
        });
    }

    /**
     * The topology changed: channels whose slot another master serves now become unplaced, and connections to nodes
     * that are no longer masters, with nothing on them, are closed.
     *
     * @param masterOf the address of the master serving a channel's slot, {@code null} if unknown
     * @param masters the addresses of the masters
     * @return what is left to do
     */
    List<Runnable> move(Function<String, String> masterOf, Set<String> masters) {
        return locked(() -> {
            List<Runnable> after = new ArrayList<>();
            for (Map.Entry<String, Shard> entry : List.copyOf(placed.entrySet())) {
                String channel = entry.getKey();
                Shard shard = entry.getValue();
                if (!shard.address.equals(masterOf.apply(channel))) {
                    placed.remove(channel);
                    shard.channels.remove(channel);
                    unplaced.add(channel);
                    after.add(() -> shard.unsubscribe(channel));
                }
            }
            for (Shard shard : List.copyOf(shards.values())) {
                if (shard.channels.isEmpty() && !masters.contains(shard.address)) {
                    shard.lost = true;
                    shards.remove(shard.address);
                    after.add(shard::close);
                }
            }
            return after;
        });
    }

    /** @return the unplaced channels not being placed already, now marked as being placed */
    List<String> startRepair() {
        return locked(() -> {
            List<String> channels = new ArrayList<>();
            for (String channel : unplaced) {
                if (repairing.add(channel)) {
                    channels.add(channel);
                }
            }
            return channels;
        });
    }

    /** An attempt to place a channel ended, placed or not. */
    void repaired(String channel) {
        locked(() -> repairing.remove(channel));
    }

    boolean hasUnplaced() {
        return locked(() -> !unplaced.isEmpty());
    }

    /** @return every connection, to be closed; no other opens */
    List<Shard> close() {
        return locked(() -> {
            closed = true;
            shards.values().forEach(shard -> shard.lost = true);
            List<Shard> all = List.copyOf(shards.values());
            shards.clear();
            return all;
        });
    }

    private <T> T locked(Supplier<T> action) {
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }
}
