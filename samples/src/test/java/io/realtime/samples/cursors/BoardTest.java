package io.realtime.samples.cursors;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.Connection;
import io.realtime.RealtimeSession;
import io.realtime.Topic;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** Coalescing on a board: moves between two flushes reach the others as one batch of newest positions. */
class BoardTest {

    /** The flushes the board asked for, run when the test says. */
    private final List<Runnable> flushes = new ArrayList<>();

    private final Board board = new Board((flush, delay) -> flushes.add(flush));

    @Test
    void manyMovesBetweenFlushesArriveAsTheNewestPositionOnly() {
        Recorded alice = join("alice");
        Recorded bob = join("bob");
        assertThat(bob.sent)
                .singleElement()
                .satisfies(snapshot -> assertThat(snapshot.moved()).isEmpty());

        for (int i = 0; i <= 500; i++) {
            board.move("alice", new Position(i / 500.0, 0.5));
        }
        assertThat(flushes).hasSize(1); // one flush for 501 moves
        runFlushes();

        assertThat(bob.sent).hasSize(2);
        assertThat(bob.last().moved()).containsExactly(new Cursor("blue", "#2f6fed", 1.0, 0.5));
        assertThat(alice.sent).hasSize(1); // the mover does not hear its own moves
    }

    @Test
    void aNewcomerHearsWhereEveryoneIsAndLeaversAreAnnounced() {
        join("alice");
        board.move("alice", new Position(0.1, 0.2));
        runFlushes();
        Recorded bob = join("bob");
        assertThat(bob.last().moved()).containsExactly(new Cursor("blue", "#2f6fed", 0.1, 0.2));

        board.leave("alice", connections.get("alice"));
        runFlushes();
        assertThat(bob.last()).isEqualTo(new Moves(List.of(), List.of("blue")));
        assertThat(board.move("alice", new Position(0.3, 0.3))).isFalse();
        board.leave("bob", connections.get("bob"));
        assertThat(board.isEmpty()).isTrue();
    }

    @Test
    void aBoardAdmitsABoundedNumberOfMembers() {
        for (int i = 0; i < Board.MAX_MEMBERS; i++) {
            join("tab" + i);
        }
        assertThat(board.join("one-too-many", new Recorded("one-too-many"))).isFalse();
    }

    private final Map<String, Recorded> connections = new ConcurrentHashMap<>();

    private Recorded join(String tab) {
        Recorded connection = new Recorded(tab);
        connections.put(tab, connection);
        assertThat(board.join(tab, connection)).isTrue();
        return connection;
    }

    private void runFlushes() {
        List<Runnable> due = new ArrayList<>(flushes);
        flushes.clear();
        due.forEach(Runnable::run);
    }

    /** A connection that records what it is sent. */
    private static final class Recorded implements Connection<Moves> {
        final List<Moves> sent = new ArrayList<>();
        private final String id;

        Recorded(String id) {
            this.id = id;
        }

        Moves last() {
            return sent.get(sent.size() - 1);
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public RealtimeSession session() {
            throw new UnsupportedOperationException("the board uses the tab id it is given");
        }

        @Override
        public boolean send(Moves data) {
            throw new AssertionError("Moves are sent as named events");
        }

        @Override
        public boolean send(String event, Moves data) {
            assertThat(event).isEqualTo("cursors");
            sent.add(data);
            return true;
        }

        @Override
        public void subscribe(Topic<? extends Moves> topic) {
            throw new AssertionError("Positions are not history: no topic");
        }

        @Override
        public void onClose(Runnable callback) {}

        @Override
        public Map<String, Object> attributes() {
            return Map.of();
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {}
    }
}
