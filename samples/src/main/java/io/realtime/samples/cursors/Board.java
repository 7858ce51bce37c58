package io.realtime.samples.cursors;

import io.realtime.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * One board's members and their newest positions, flushed to every member at a bounded rate.
 *
 * <p>Coalescing: a move only overwrites the sender's entry in the set of changes since the last flush; nothing
 * is sent per move. A flush runs at most once per {@link #FLUSH_MILLIS} ms (it is scheduled by the first
 * change after a quiet spell), and sends each member one batch with the newest position of everyone else who
 * moved. However fast pointers move, and however many move, a member receives at most
 * {@code 1000 / FLUSH_MILLIS} small batches a second; a client that reads slowly therefore holds only a few
 * recent batches in its queue, each superseding the last, never a backlog of every move, and the batch it
 * reads last has the newest positions. A client too slow even for that is disconnected by the runtime's
 * bounded queue and, on reconnecting, starts from a fresh snapshot: positions are not history, so they are
 * sent to each connection directly ({@link Connection#send}) rather than through a topic that would replay them.
 *
 * <p>Threading: every method is synchronized; sending only queues, so the lock is never held for long.
 */
final class Board {

    /** The shortest time between two flushes. */
    static final long FLUSH_MILLIS = 50;

    /** The most members a board admits. */
    static final int MAX_MEMBERS = 32;

    private static final String[][] PALETTE = {
        {"blue", "#2f6fed"}, {"green", "#12a150"}, {"orange", "#dc6803"}, {"purple", "#9e3fd8"},
        {"red", "#d92d20"}, {"teal", "#0e9384"}, {"pink", "#dd2590"}, {"olive", "#669f2a"}
    };

    /** A tab on the board, with its connection. */
    private record Member(String label, String color, Connection<Moves> connection) {}

    private final BiConsumer<Runnable, Long> scheduler;
    private final Map<String, Member> members = new LinkedHashMap<>(); // by tab id
    private final Map<String, Cursor> positions = new LinkedHashMap<>(); // by label: the newest of each
    private final Map<String, Cursor> changed = new LinkedHashMap<>(); // by label, since the last flush
    private final Set<String> left = new LinkedHashSet<>();
    private int joined;
    private long lastActive;
    private boolean flushScheduled;
    private long lastFlushNanos = System.nanoTime() - FLUSH_MILLIS * 1_000_000;

    /** @param scheduler runs a task after a delay in milliseconds */
    Board(BiConsumer<Runnable, Long> scheduler) {
        this.scheduler = scheduler;
    }

    /**
     * Records that the board was used (a join or a move) at {@code moment}, a value that grows with time.
     *
     * @param moment the caller's clock reading
     */
    synchronized void touch(long moment) {
        lastActive = moment;
    }

    /** @return when the board was last used, in the clock of {@link #touch} */
    synchronized long lastActive() {
        return lastActive;
    }

    /** @return whether a single tab is on the board: the only boards ever evicted */
    synchronized boolean isSolitary() {
        return members.size() == 1;
    }

    /**
     * Empties the board and closes its members' connections (they do not reconnect; the page says why).
     * Closing runs outside the lock, since each connection's close callback comes back to {@link #leave}.
     */
    void evict() {
        List<Connection<Moves>> connections;
        synchronized (this) {
            connections = members.values().stream().map(Member::connection).toList();
            members.clear();
        }
        connections.forEach(Connection::close);
    }

    /**
     * Admits a tab's connection and sends it where everyone else is. A tab that joins again (a reconnect)
     * replaces its previous connection and keeps its label.
     *
     * @return {@code false} when the board is full
     */
    synchronized boolean join(String tab, Connection<Moves> connection) {
        Member previous = members.get(tab);
        if (previous == null && members.size() >= MAX_MEMBERS) {
            return false;
        }
        String[] colour = previous == null ? PALETTE[joined++ % PALETTE.length] : null;
        String label = previous != null ? previous.label() : colour[0] + (joined > PALETTE.length ? joined : "");
        Member member = new Member(label, previous != null ? previous.color() : colour[1], connection);
        members.put(tab, member);
        left.remove(label);
        connection.send("cursors", new Moves(others(positions, label), List.of()));
        return true;
    }

    /** The connection closed: its member leaves, unless the tab has joined again with another one. */
    synchronized void leave(String tab, Connection<Moves> connection) {
        Member member = members.get(tab);
        if (member != null && member.connection() == connection) {
            members.remove(tab);
            positions.remove(member.label());
            changed.remove(member.label());
            left.add(member.label());
            scheduleFlush();
        }
    }

    /**
     * Records a tab's newest position; it reaches the others with the next flush.
     *
     * @return {@code false} if the tab is not on this board
     */
    synchronized boolean move(String tab, Position position) {
        Member member = members.get(tab);
        if (member == null) {
            return false;
        }
        Cursor cursor = new Cursor(member.label(), member.color(), position.x(), position.y());
        positions.put(member.label(), cursor);
        changed.put(member.label(), cursor);
        scheduleFlush();
        return true;
    }

    /** @return whether nobody is on the board, so that it may be dropped */
    synchronized boolean isEmpty() {
        return members.isEmpty();
    }

    private void scheduleFlush() {
        if (flushScheduled) {
            return;
        }
        flushScheduled = true;
        long sinceLast = (System.nanoTime() - lastFlushNanos) / 1_000_000;
        scheduler.accept(this::flush, Math.max(0, FLUSH_MILLIS - sinceLast));
    }

    synchronized void flush() {
        flushScheduled = false;
        lastFlushNanos = System.nanoTime();
        if (changed.isEmpty() && left.isEmpty()) {
            return;
        }
        List<String> gone = List.copyOf(left);
        for (Member member : members.values()) {
            List<Cursor> moved = others(changed, member.label());
            if (!moved.isEmpty() || !gone.isEmpty()) {
                member.connection().send("cursors", new Moves(moved, gone));
            }
        }
        changed.clear();
        left.clear();
    }

    private static List<Cursor> others(Map<String, Cursor> cursors, String label) {
        List<Cursor> others = new ArrayList<>();
        for (Cursor cursor : cursors.values()) {
            if (!cursor.id().equals(label)) {
                others.add(cursor);
            }
        }
        return others;
    }
}
