package io.realtime.internal.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.spi.BackplaneException;
import io.realtime.spi.ControlChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two relays on one channel, as two nodes on one backplane: each does the other's sessions' ends, not its own. */
class ControlRelayTest {

    private final Channel channel = new Channel();
    private final List<String> endedOnA = new CopyOnWriteArrayList<>();
    private final List<String> endedOnB = new CopyOnWriteArrayList<>();
    private final ExecutorService threadA = Executors.newSingleThreadExecutor();
    private final ExecutorService threadB = Executors.newSingleThreadExecutor();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final ControlRelay a = relay(threadA, endedOnA);
    private final ControlRelay b = relay(threadB, endedOnB);

    @AfterEach
    void stop() {
        a.close();
        b.close();
        threadA.shutdownNow();
        threadB.shutdownNow();
        scheduler.shutdownNow();
    }

    @Test
    void aNodeThatCannotListenWhenItStartsListensOnceTheStoreIsBack() throws Exception {
        channel.down = true;
        b.start(scheduler);
        assertThat(channel.listeners).isEmpty();
        channel.down = false;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (channel.listeners.isEmpty()) {
            assertThat(System.nanoTime()).as("node B listens again").isLessThan(deadline);
            scheduler.schedule(() -> {}, 50, TimeUnit.MILLISECONDS).get(); // a wait that is not a sleep
        }
        a.start(scheduler);
        a.tabRevoked(fingerprint("a-tab"));
        drain();
        assertThat(endedOnB).containsExactly("revoke " + fingerprint("a-tab"));
    }

    @Test
    void aSessionThatEndsOnOneNodeEndsOnTheOtherByItsFingerprint() throws Exception {
        a.start(scheduler);
        b.start(scheduler);
        a.sessionEnded(fingerprint("the-session-id"));
        drain();
        assertThat(endedOnB).containsExactly("session " + fingerprint("the-session-id"));
        assertThat(endedOnA).as("the sender did its part before sending").isEmpty();
        assertThat(channel.sent).hasSize(1);
        assertThat(new String(channel.sent.get(0), StandardCharsets.US_ASCII))
                .as("only the fingerprint travels")
                .isEqualTo("rtc1\nsession-ended\n"
                        + new String(channel.sent.get(0), StandardCharsets.US_ASCII).split("\n")[2] + "\n"
                        + fingerprint("the-session-id"));
    }

    @Test
    void aRevokedTabOrUserIsRevokedOnTheOtherNode() throws Exception {
        a.start(scheduler);
        b.start(scheduler);
        a.tabRevoked(fingerprint("a-tab"));
        a.userRevoked(fingerprint("alice"));
        drain();
        assertThat(endedOnB).containsExactly("revoke " + fingerprint("a-tab"), "revoke " + fingerprint("alice"));
        assertThat(endedOnA).isEmpty();
    }

    @Test
    void malformedMessagesAreDroppedAndChangeNothing() throws Exception {
        b.start(scheduler);
        channel.deliver("rtc1\nsession-ended\nnode\n".getBytes(StandardCharsets.US_ASCII));
        channel.deliver(new byte[ControlChannel.MAX_MESSAGE_BYTES]);
        drain();
        assertThat(endedOnB).isEmpty();
    }

    @Test
    void aStoreThatCannotBeReachedLeavesTheCallerUnharmed() throws Exception {
        a.start(scheduler);
        channel.down = true;
        a.sessionEnded(fingerprint("the-session-id"));
        drain();
        assertThat(channel.sent).isEmpty();
    }

    @Test
    void withoutAChannelNothingIsSent() {
        ControlRelay alone = new ControlRelay(Optional.empty(), threadA, null);
        alone.start(scheduler);
        alone.sessionEnded(fingerprint("the-session-id"));
        alone.tabRevoked(fingerprint("a-tab"));
        alone.close();
        assertThat(channel.sent).isEmpty();
    }

    private ControlRelay relay(ExecutorService thread, List<String> ended) {
        return new ControlRelay(Optional.of(channel), thread, new ControlRelay.Actions() {
            @Override
            public void endSession(String fingerprint) {
                ended.add("session " + fingerprint);
            }

            @Override
            public void revoke(String fingerprint) {
                ended.add("revoke " + fingerprint);
            }
        });
    }

    private static String fingerprint(String id) {
        return (id + "______________________").substring(0, 22).replace('-', '_');
    }

    /** Waits for A's thread, which hands B what it sends before it finishes, then for B's. */
    private void drain() throws Exception {
        for (ExecutorService thread : List.of(threadA, threadB)) {
            thread.submit(() -> {}).get(10, TimeUnit.SECONDS);
        }
    }

    /** Delivers every message at once to every listener, the sender's included, as a pub/sub channel does. */
    private static final class Channel implements ControlChannel {
        final List<byte[]> sent = new CopyOnWriteArrayList<>();
        final List<Consumer<byte[]>> listeners = new CopyOnWriteArrayList<>();
        volatile boolean down;

        @Override
        public void send(byte[] message) {
            if (down) {
                throw new BackplaneException("down", null);
            }
            sent.add(message);
            deliver(message);
        }

        void deliver(byte[] message) {
            listeners.forEach(listener -> listener.accept(message));
        }

        @Override
        public AutoCloseable listen(Consumer<byte[]> receiver) {
            if (down) {
                throw new BackplaneException("down", null);
            }
            listeners.add(receiver);
            return () -> listeners.remove(receiver);
        }
    }
}
