package io.realtime.internal.topic;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RemnantsTest {

    @Test
    void aRecalledRemnantIsTheTopicsAgainAndNoLongerKept() {
        Remnants remnants = new Remnants(10, 1_000);
        remnants.remember("t", "e1", 7, 0);
        assertThat(remnants.recall("t", 10)).isEqualTo(new Remnants.Remnant("e1", 7, 0));
        assertThat(remnants.recall("t", 10)).isNull();
        assertThat(remnants.size()).isZero();
    }

    /** The gaps between two polls of a quiet topic that issue 17 names, and one short of the default age. */
    @ParameterizedTest
    @ValueSource(longs = {1_000, 5_000, 30_000, 120_000, InMemoryBackplane.REMNANT_MILLIS})
    void aTopicThatComesBackWithinTheDefaultAgeContinuesItsEpochAndHead(long gapMillis) {
        Remnants remnants = new Remnants(100_000, InMemoryBackplane.REMNANT_MILLIS);
        remnants.remember("quiet", "e1", 12, 1_000);
        assertThat(remnants.recall("quiet", 1_000 + gapMillis)).isEqualTo(new Remnants.Remnant("e1", 12, 1_000));
    }

    @Test
    void aRemnantOlderThanItsAgeIsForgotten() {
        Remnants remnants = new Remnants(10, 1_000);
        remnants.remember("old", "e1", 3, 0);
        remnants.remember("new", "e2", 4, 900);
        assertThat(remnants.recall("old", 1_000))
                .as("exactly its age: still kept")
                .isNotNull();

        remnants.remember("older", "e3", 5, 100);
        assertThat(remnants.recall("older", 1_101)).isNull();
        assertThat(remnants.recall("new", 1_101)).isEqualTo(new Remnants.Remnant("e2", 4, 900));
        assertThat(remnants.size()).isZero();
    }

    @Test
    void beyondItsCapacityTheTopicThatLeftFirstIsForgottenFirst() {
        Remnants remnants = new Remnants(2, 60_000);
        remnants.remember("a", "ea", 1, 0);
        remnants.remember("b", "eb", 2, 1);
        remnants.remember("a", "ea", 5, 2); // a left again, after b
        remnants.remember("c", "ec", 3, 3);
        assertThat(remnants.size()).isEqualTo(2);
        assertThat(remnants.recall("b", 4)).isNull();
        assertThat(remnants.recall("a", 4)).isEqualTo(new Remnants.Remnant("ea", 5, 2));
        assertThat(remnants.recall("c", 4)).isEqualTo(new Remnants.Remnant("ec", 3, 3));
    }
}
