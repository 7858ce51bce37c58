package io.realtime.internal.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.realtime.spi.Backplane;
import io.realtime.spi.BackplaneException;
import io.realtime.spi.StoredEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * A cursor beyond this node's newest event, or of an epoch it has not seen, makes the backplane catch up first:
 * on a shared backplane the client may come from a node a moment ahead.
 */
class TopicLogCatchUpTest {

    /** A backplane shared with other nodes, whose news reach this node only when it is asked to catch up. */
    private static final class LaggingBackplane implements Backplane {
        final List<Consumer<Listener>> pending = new ArrayList<>();
        RuntimeException failure;
        int catchUps;

        @Override
        public Attachment attach(String topic, Listener listener) {
            listener.onReset("E", 0);
            return new Attachment() {
                @Override
                public void catchUp() {
                    catchUps++;
                    if (failure != null) {
                        throw failure;
                    }
                    pending.forEach(news -> news.accept(listener));
                    pending.clear();
                }

                @Override
                public void close() {}
            };
        }

        @Override
        public StoredEvent publish(String topic, String name, byte[] data) {
            throw new UnsupportedOperationException("this node only follows");
        }

        @Override
        public void close() {}

        void storedElsewhere(String epoch, long offset) {
            StoredEvent event =
                    new StoredEvent("t", epoch, offset, "message", new byte[] {'1'}, System.currentTimeMillis());
            pending.add(listener -> listener.onEvent(event));
        }

        void resetElsewhere(String epoch) {
            pending.add(listener -> listener.onReset(epoch, 0));
        }
    }

    private final LaggingBackplane backplane = new LaggingBackplane();
    private final TopicLog log = TopicLog.open("t", backplane, 100, 60_000);

    @Test
    void aCursorAheadOfThisNodeResumesOnceCaughtUp() {
        backplane.storedElsewhere("E", 1);
        backplane.storedElsewhere("E", 2);

        TopicLog.Start start = log.resolve("E:1", System.currentTimeMillis());

        assertThat(start).isEqualTo(new TopicLog.Start("E", 1, false));
        assertThat(log.window().head()).isEqualTo(2);
        assertThat(backplane.catchUps).isEqualTo(1);
    }

    @Test
    void aCursorOfAnEpochThisNodeHasNotSeenYetResumesOnceCaughtUp() {
        // The store lost its history, and another node has served the new epoch's first events already.
        backplane.resetElsewhere("F");
        backplane.storedElsewhere("F", 1);
        backplane.storedElsewhere("F", 2);

        assertThat(log.resolve("F:1", System.currentTimeMillis())).isEqualTo(new TopicLog.Start("F", 1, false));
    }

    @Test
    void aCursorStillAheadAfterCatchingUpIsReset() {
        backplane.storedElsewhere("E", 1);

        assertThat(log.resolve("E:5", System.currentTimeMillis())).isEqualTo(new TopicLog.Start("E", 1, true));
    }

    @Test
    void aBackplaneThatCannotCatchUpTellsTheClientToComeBackInsteadOfResettingIt() {
        // The events after E:3 may be retained on the store: a reset to this node's stale head would skip them.
        BackplaneException unreachable = new BackplaneException("unreachable", null);
        backplane.failure = unreachable;

        assertThatThrownBy(() -> log.resolve("E:3", System.currentTimeMillis())).isSameAs(unreachable);
        assertThatThrownBy(() -> log.resolve("F:1", System.currentTimeMillis())).isSameAs(unreachable);

        backplane.failure = null;
        backplane.storedElsewhere("E", 1);
        backplane.storedElsewhere("E", 2);
        backplane.storedElsewhere("E", 3);
        backplane.storedElsewhere("E", 4);
        assertThat(log.resolve("E:3", System.currentTimeMillis())).isEqualTo(new TopicLog.Start("E", 3, false));
    }

    @Test
    void anyOtherFailureToCatchUpIsReportedAsTheBackplaneBeingUnavailable() {
        backplane.failure = new IllegalStateException("the connection was closed");

        assertThatThrownBy(() -> log.resolve("E:3", System.currentTimeMillis()))
                .isInstanceOf(BackplaneException.class)
                .hasMessageContaining("topic 't'")
                .hasCauseInstanceOf(IllegalStateException.class);
    }

    @Test
    void aKnownCursorResumesWithoutTheBackplane() {
        backplane.storedElsewhere("E", 1);
        backplane.storedElsewhere("E", 2);
        log.resolve("E:2", System.currentTimeMillis());
        backplane.failure = new BackplaneException("unreachable", null);

        assertThat(log.resolve("E:1", System.currentTimeMillis())).isEqualTo(new TopicLog.Start("E", 1, false));
        assertThat(log.resolve("E:2", System.currentTimeMillis())).isEqualTo(new TopicLog.Start("E", 2, false));
    }

    @Test
    void aKnownCursorNeedsNoCatchingUp() {
        assertThat(log.resolve("E:0", System.currentTimeMillis())).isEqualTo(new TopicLog.Start("E", 0, false));
        assertThat(log.resolve(null, System.currentTimeMillis())).isEqualTo(new TopicLog.Start("E", 0, false));
        assertThat(log.resolve("nonsense", System.currentTimeMillis())).isEqualTo(new TopicLog.Start("E", 0, true));
        assertThat(backplane.catchUps).isZero();
    }
}
