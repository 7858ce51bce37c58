package io.realtime.samples.cursors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.realtime.Connection;
import io.realtime.RealtimeException;
import io.realtime.RealtimeSession;
import io.realtime.Topic;
import jakarta.servlet.http.HttpSession;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** The bound on boards: squatters holding boards alone cannot lock newcomers out; meeting boards are kept. */
class CursorsTest {

    private final Cursors cursors = new Cursors();

    @Test
    void aNewcomerTakesTheLeastRecentlyUsedBoardOfASquatterWhenEveryBoardIsTaken() {
        List<Tab> squatters = new ArrayList<>();
        for (int i = 0; i < Cursors.MAX_BOARDS; i++) {
            Tab squatter = new Tab("squatter" + i);
            cursors.join(squatter, "squat-" + i);
            squatters.add(squatter);
        }
        cursors.move(new Position(0.5, 0.5), "squat-0", squatters.get(0).session()); // board 0 is the freshest

        Tab newcomer = new Tab("newcomer");
        cursors.join(newcomer, "mine");

        assertThat(newcomer.isOpen()).isTrue();
        assertThat(newcomer.sent).hasSize(1); // the snapshot of who is there
        assertThat(squatters.get(1).isOpen())
                .as("the least recently used board")
                .isFalse();
        assertThat(squatters.stream().filter(tab -> !tab.isOpen())).hasSize(1);
        assertThatThrownBy(() -> cursors.move(
                        new Position(0.1, 0.1), "squat-1", squatters.get(1).session()))
                .isInstanceOf(RealtimeException.class);
    }

    @Test
    void boardsWhereTabsMeetAreNeverEvictedAndOnlyThenIsANewBoardRefused() {
        List<Tab> members = new ArrayList<>();
        for (int i = 0; i < Cursors.MAX_BOARDS; i++) {
            for (String who : List.of("a", "b")) {
                Tab member = new Tab(who + i);
                cursors.join(member, "meeting-" + i);
                members.add(member);
            }
        }

        assertThatThrownBy(() -> cursors.join(new Tab("late"), "another"))
                .isInstanceOfSatisfying(RealtimeException.class, refused -> {
                    assertThat(refused.status()).isEqualTo(503);
                    assertThat(refused.code()).isEqualTo("too_many_boards");
                });
        assertThat(members).allMatch(Tab::isOpen);
        cursors.join(new Tab("third"), "meeting-7"); // an existing board still admits members
    }

    /** A tab's connection that records what it is sent and whether it was closed. */
    private static final class Tab implements Connection<Moves>, RealtimeSession {
        final List<Moves> sent = new ArrayList<>();
        private final String id;
        private final List<Runnable> onClose = new ArrayList<>();
        private final Map<String, Object> attributes = new ConcurrentHashMap<>();
        private boolean open = true;

        Tab(String id) {
            this.id = id;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public RealtimeSession session() {
            return this;
        }

        @Override
        public Optional<Principal> user() {
            return Optional.empty();
        }

        @Override
        public Optional<HttpSession> httpSession() {
            return Optional.empty();
        }

        @Override
        public Optional<String> cookie(String name) {
            return Optional.empty();
        }

        @Override
        public boolean send(Moves data) {
            throw new AssertionError("Moves are sent as named events");
        }

        @Override
        public boolean send(String event, Moves data) {
            sent.add(data);
            return open;
        }

        @Override
        public void subscribe(Topic<? extends Moves> topic) {
            throw new AssertionError("Positions are not history: no topic");
        }

        @Override
        public void onClose(Runnable callback) {
            onClose.add(callback);
        }

        @Override
        public Map<String, Object> attributes() {
            return attributes;
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close() {
            if (open) {
                open = false;
                onClose.forEach(Runnable::run);
            }
        }
    }
}
