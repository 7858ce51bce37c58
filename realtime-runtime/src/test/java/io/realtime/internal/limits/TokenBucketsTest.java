package io.realtime.internal.limits;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Each client has its own bucket: one that connects too often is refused with a wait, and no one else is. */
class TokenBucketsTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void aBurstIsAbsorbedThenTheClientIsPacedAloneWithTheTimeToTheNextToken() {
        TokenBuckets buckets = new TokenBuckets(10, 5, 100);
        long now = 7 * SECOND;
        for (int i = 0; i < 5; i++) {
            assertThat(buckets.take("greedy", now)).isZero();
        }
        assertThat(buckets.take("greedy", now))
                .as("a tenth of a second to the next token")
                .isEqualTo(100);
        assertThat(buckets.take("honest", now)).isZero();
        assertThat(buckets.take("greedy", now + SECOND / 10)).isZero();
        assertThat(buckets.take("greedy", now + SECOND / 10)).isPositive();
    }

    @Test
    void fullBucketsAreForgottenAndTheTableStaysWithinItsBound() {
        TokenBuckets buckets = new TokenBuckets(10, 5, 100);
        for (int i = 0; i < 10_000; i++) {
            buckets.take("walker-" + i, 0);
        }
        assertThat(buckets.size()).isLessThanOrEqualTo(100);
        buckets.sweep(SECOND);
        assertThat(buckets.size()).isZero();
    }
}
