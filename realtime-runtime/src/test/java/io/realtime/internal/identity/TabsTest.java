package io.realtime.internal.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The registry's bounds lock nobody out: a full registry forgets an idle tab, the tabs used once first, and never a
 * connected one; a client past its own share is refused alone, and gets its share back as its tabs go.
 */
class TabsTest {

    private static final long NOW = 1_000_000;
    private static final String GREEDY = "198.51.100.7";

    @Test
    void aFullRegistryForgetsATabUsedOnceBeforeOneThatCameBack() {
        Tabs tabs = new Tabs(3, 8, 60_000);
        tabs.obtain("regular", null, "192.0.2.1", NOW);
        tabs.obtain("once-1", null, GREEDY, NOW + 1);
        tabs.obtain("regular", null, "192.0.2.1", NOW + 2); // it came back: it has earned its place
        tabs.obtain("once-2", null, GREEDY, NOW + 3);

        assertThat(tabs.obtain("newcomer", null, "192.0.2.2", NOW + 4).state()).isNotNull();
        assertThat(tabs.size()).isEqualTo(3);
        assertThat(tabs.obtain("regular", null, "192.0.2.1", NOW + 5).state().attributes())
                .as("the regular tab kept its state")
                .isNotNull();
        assertThat(tabs.size()).as("regular was still there, nothing was made").isEqualTo(3);

        tabs.obtain("newcomer-2", null, "192.0.2.3", NOW + 6);
        assertThat(tabs.obtain("newcomer", null, "192.0.2.2", NOW + 7).state()).isNotNull();
        assertThat(tabs.size()).isEqualTo(3);
    }

    @Test
    void aConnectedTabIsNeverForgottenAndANewOneIsRefusedOnlyWhenEveryTabIsConnected() {
        Tabs tabs = new Tabs(2, 8, 60_000);
        TabState a = tabs.obtain("a", null, "192.0.2.1", NOW).state();
        TabState b = tabs.obtain("b", null, "192.0.2.2", NOW).state();
        a.hold(NOW);
        b.hold(NOW);

        Tabs.Obtained refused = tabs.obtain("c", null, "192.0.2.3", NOW + 1);
        assertThat(refused.state()).isNull();
        assertThat(refused.clientFull())
                .as("the server is full, not the client")
                .isFalse();

        b.release(NOW + 2);
        assertThat(tabs.obtain("c", null, "192.0.2.3", NOW + 3).state()).isNotNull();
        assertThat(b.gone()).isTrue();
        assertThat(a.gone()).isFalse();
    }

    @Test
    void aClientPastItsShareIsRefusedAloneAndGetsItBackAsItsTabsGo() {
        Tabs tabs = new Tabs(1000, 3, 5, 8, 60_000);
        for (int i = 0; i < 5; i++) {
            assertThat(tabs.obtain("greedy-" + i, "session-" + i % 2, GREEDY, NOW)
                            .state())
                    .isNotNull();
        }
        Tabs.Obtained refused = tabs.obtain("greedy-5", null, GREEDY, NOW);
        assertThat(refused.state()).isNull();
        assertThat(refused.clientFull()).isTrue();
        assertThat(tabs.obtain("neighbour", null, "192.0.2.9", NOW).state())
                .as("another address")
                .isNotNull();

        Tabs.Obtained sessionFull = tabs.obtain("greedy-6", "session-0", "192.0.2.10", NOW);
        assertThat(sessionFull.clientFull())
                .as("session-0 holds 3 tabs already, from whatever address")
                .isTrue();

        tabs.sweep(NOW + 60_000);
        assertThat(tabs.size()).isZero();
        assertThat(tabs.obtain("greedy-5", null, GREEDY, NOW + 60_001).state())
                .as("its tabs expired: its share is back")
                .isNotNull();
    }

    @Test
    void aFloodOfTabsUsedOnceCostsNoMoreThanTheBoundAndLeavesRoomForNewcomers() {
        Tabs tabs = new Tabs(1000, 8, 60_000);
        for (int i = 0; i < 200_000; i++) {
            tabs.obtain("flood-" + i, null, "10.0." + (i >> 8 & 255) + "." + (i & 255), NOW + i);
        }
        assertThat(tabs.size()).isEqualTo(1000);
        assertThat(tabs.obtain("honest", null, "192.0.2.1", NOW + 200_001).state())
                .isNotNull();
        tabs.sweep(NOW + 200_002);
        assertThat(tabs.size()).isEqualTo(1000);
    }

    /**
     * Eight threads that each make new tabs in a full registry of idle tabs: none is refused. Before, a newcomer could
     * take the room another had just made by evicting, and the other was refused {@code 503} with idle tabs left.
     */
    @Test
    void newcomersThatArriveTogetherAtAFullRegistryOfIdleTabsAreNeverRefused() throws Exception {
        Tabs tabs = new Tabs(100, 8, 60_000);
        for (int i = 0; i < 100; i++) {
            tabs.obtain("idle-" + i, null, "192.0.2." + i, NOW);
        }
        AtomicInteger refused = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int thread = t;
            threads.add(new Thread(() -> {
                for (int i = 0; i < 20_000; i++) {
                    String address = "10." + thread + "." + (i >> 8 & 255) + "." + (i & 255);
                    if (tabs.obtain("new-" + thread + "-" + i, null, address, NOW + i)
                                    .state()
                            == null) {
                        refused.incrementAndGet();
                    }
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(refused).as("newcomers refused with idle tabs to forget").hasValue(0);
        assertThat(tabs.size()).isLessThanOrEqualTo(100);
    }
}
