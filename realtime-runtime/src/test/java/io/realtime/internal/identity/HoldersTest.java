package io.realtime.internal.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HoldersTest {

    private final Holders holders =
            new Holders(new Tokens(List.of(new Tokens.Key("k", new byte[32])), Duration.ofDays(1)));

    @Test
    void revokingAUserEndsEachOfItsHoldsAndNoOtherOnce() {
        AtomicInteger alice = new AtomicInteger();
        AtomicInteger bob = new AtomicInteger();
        holders.add("tab-1", "alice", alice::incrementAndGet);
        holders.add("tab-2", "alice", alice::incrementAndGet);
        holders.add("tab-3", "bob", bob::incrementAndGet);

        assertThat(holders.end(holders.user("alice"))).isEqualTo(2);
        assertThat(holders.end(holders.user("alice"))).isZero();
        assertThat(alice).hasValue(2);
        assertThat(bob).hasValue(0);
    }

    @Test
    void revokingATabEndsItsHoldsWhoeverTheUser() {
        AtomicInteger ended = new AtomicInteger();
        holders.add("tab-1", "alice", ended::incrementAndGet);
        holders.add("tab-1", null, ended::incrementAndGet);
        holders.add("tab-2", "alice", () -> {
            throw new AssertionError("another tab");
        });

        assertThat(holders.end(holders.tab("tab-1"))).isEqualTo(2);
        assertThat(ended).hasValue(2);
    }

    @Test
    void releasedHoldsLeaveNothingBehind() {
        Runnable first = holders.add("tab-1", "alice", () -> {});
        Runnable second = holders.add("tab-2", null, () -> {});
        first.run();
        first.run();
        second.run();
        assertThat(holders.size()).isZero();
        assertThat(holders.tab("tab-1")).isNotEqualTo(holders.user("tab-1")).hasSize(Tokens.FINGERPRINT_LENGTH);
    }
}
