package io.realtime.internal.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientQuotaTest {

    private final ClientQuota limits = new ClientQuota(2, 3);

    @Test
    void addressLimitCountsEveryPollFromTheAddress() {
        List<ClientQuota.Slot> slots = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            slots.add(limits.acquire(null, "10.0.0.1"));
        }

        assertThat(slots).doesNotContainNull();
        assertThat(limits.acquire(null, "10.0.0.1")).isNull();
        assertThat(limits.acquire(null, "10.0.0.2")).as("another address").isNotNull();
        slots.get(0).release();
        assertThat(limits.acquire(null, "10.0.0.1")).isNotNull();
    }

    @Test
    void sessionLimitCountsAcrossAddresses() {
        assertThat(limits.acquire("s1", "10.0.0.1")).isNotNull();
        assertThat(limits.acquire("s1", "10.0.0.2")).isNotNull();

        assertThat(limits.acquire("s1", "10.0.0.3")).isNull();
        assertThat(limits.acquire("s2", "10.0.0.3")).isNotNull();
    }

    @Test
    void refusedSessionGivesBackTheAddressPlace() {
        limits.acquire("s1", "10.0.0.1");
        limits.acquire("s1", "10.0.0.1");
        assertThat(limits.acquire("s1", "10.0.0.1")).isNull();

        assertThat(limits.acquire(null, "10.0.0.1"))
                .as("third place of the address is still free")
                .isNotNull();
    }

    @Test
    void releaseIsIdempotentAndLeavesNothingBehind() {
        ClientQuota.Slot a = limits.acquire("s1", "10.0.0.1");
        ClientQuota.Slot b = limits.acquire("s1", "10.0.0.1");
        a.release();
        a.release();
        assertThat(limits.tracked()).isEqualTo(2);
        b.release();

        assertThat(limits.tracked()).isZero();
    }
}
