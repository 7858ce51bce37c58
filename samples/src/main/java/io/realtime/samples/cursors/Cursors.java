package io.realtime.samples.cursors;

import io.realtime.Connection;
import io.realtime.Duplex;
import io.realtime.PathParam;
import io.realtime.RealtimeException;
import io.realtime.RealtimeSession;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Shared cursors over WebSocket: each page on {@code /cursors/{board}} sends its pointer position
 * {@code {"x","y"}} at mouse-move rate, and receives the others' newest positions as {@code cursors} events,
 * coalesced by its {@link Board} (see there for how a slow client gets the newest position rather than a
 * backlog). Members are told apart by their tab ({@link RealtimeSession#id()}), which both the connection and
 * its messages carry; other pages see a colour label, never the tab's id.
 *
 * <p>The flushes run on one daemon thread that exists only while some board has a flush pending, so the service
 * needs no shutdown: when the application stops, the runtime closes every connection, the boards empty, and the
 * thread ends. Limits: 1 to 32 characters {@code [a-z0-9-]} per board name, {@value #MAX_BOARDS} boards,
 * {@value Board#MAX_MEMBERS} members per board; positions outside 0..1 get a {@code bad_request} error reply.
 *
 * <p>The bound on boards must not let one client lock everyone else out (it did: a hundred idle WebSockets, each
 * on a board of its own, left no board for anybody). When every board is taken, a new board takes the place of the
 * least recently used board that has a single member, whose connection is closed (its page says so); a board
 * where several tabs meet is never evicted, and {@code 503 too_many_boards} answers only when every board has
 * several. A squatter holding boards alone thus costs newcomers nothing but its own boards.
 */
public class Cursors {

    static final int MAX_BOARDS = 100;

    private static final Pattern NAME = Pattern.compile("[a-z0-9-]{1,32}");

    private final Map<String, Board> boards = new ConcurrentHashMap<>();
    private final AtomicLong clock = new AtomicLong(); // orders uses of boards, for eviction
    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, task -> {
        Thread thread = new Thread(task, "samples-cursors");
        thread.setDaemon(true);
        return thread;
    });

    /** Created by the runtime, which finds this class by its annotations. */
    public Cursors() {
        timer.setKeepAliveTime(1, TimeUnit.SECONDS);
        timer.allowCoreThreadTimeOut(true);
    }

    /**
     * A page joins a board; it leaves when the connection closes.
     *
     * @param connection the page's connection
     * @param board the board's name
     * @throws RealtimeException {@code bad_request} for a bad name, {@code 429 board_full} or
     *     {@code 503 too_many_boards} (every board has several members) beyond the limits
     */
    @Duplex("/cursors/{board}")
    public void join(Connection<Moves> connection, @PathParam("board") String board) {
        String tab = connection.session().id();
        check(board);
        if (!boards.containsKey(board) && boards.size() >= MAX_BOARDS) {
            evictASolitaryBoard();
        }
        boolean[] admitted = {false};
        // Joining and leaving run inside compute, atomically per board, so a board that has just emptied is
        // never dropped while someone joins it.
        boards.compute(board, (name, existing) -> {
            if (existing == null && boards.size() >= MAX_BOARDS) {
                throw RealtimeException.of(503, "too_many_boards", "Too many boards are open; try again later");
            }
            Board joined = existing != null ? existing : new Board(this::schedule);
            admitted[0] = joined.join(tab, connection);
            joined.touch(clock.incrementAndGet());
            return joined;
        });
        if (!admitted[0]) {
            throw RealtimeException.of(429, "board_full", "The board has " + Board.MAX_MEMBERS + " members already");
        }
        connection.onClose(() -> boards.computeIfPresent(board, (name, joined) -> {
            joined.leave(tab, connection);
            return joined.isEmpty() ? null : joined;
        }));
    }

    /**
     * A page's pointer moved.
     *
     * @param position the newest position
     * @param board the board's name
     * @param session the page's tab
     * @throws RealtimeException {@code bad_request} for a position off the board or a tab not on it
     */
    @Duplex("/cursors/{board}")
    public void move(Position position, @PathParam("board") String board, RealtimeSession session) {
        if (!position.isOnBoard()) {
            throw RealtimeException.badRequest("x and y are fractions of the board, from 0 to 1");
        }
        Board found = boards.get(board);
        if (found == null || !found.move(session.id(), position)) {
            throw RealtimeException.badRequest("This tab has not joined board " + board);
        }
        found.touch(clock.incrementAndGet());
    }

    /** Makes room for a new board, if some board has a single member: the least recently used such board goes. */
    private void evictASolitaryBoard() {
        boards.entrySet().stream()
                .filter(entry -> entry.getValue().isSolitary())
                .min(Comparator.comparingLong(entry -> entry.getValue().lastActive()))
                .ifPresent(entry -> {
                    Board victim = entry.getValue();
                    boolean[] removed = {false};
                    // Inside compute, as joins are, so that nobody joins the board between the check and removal.
                    boards.computeIfPresent(entry.getKey(), (name, board) -> {
                        removed[0] = board == victim && board.isSolitary();
                        return removed[0] ? null : board;
                    });
                    if (removed[0]) {
                        victim.evict();
                    }
                });
    }

    private static void check(String board) {
        if (!NAME.matcher(board).matches()) {
            throw RealtimeException.badRequest("A board name is 1 to 32 characters a-z, 0-9 or -");
        }
    }

    private void schedule(Runnable flush, long delayMillis) {
        timer.schedule(flush, delayMillis, TimeUnit.MILLISECONDS);
    }
}
