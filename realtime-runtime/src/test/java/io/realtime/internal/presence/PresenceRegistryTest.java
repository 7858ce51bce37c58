package io.realtime.internal.presence;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.Presence;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Joins, leaves, reloads, coalescing and the list limit, on one node, with the clock given to each tick. */
class PresenceRegistryTest {

    private static final long LATER = Long.MAX_VALUE; // every grace period has ended

    private final List<PresenceEvents.Change> published = new ArrayList<>();
    private final PresenceRegistry registry = new PresenceRegistry(
            (topic, data) -> {
                assertThat(topic).isEqualTo("room");
                published.add((PresenceEvents.Change) data);
            },
            3,
            60_000);

    @Test
    void aJoinIsPublishedOnceWithTheCounts() {
        PresenceEvents.Snapshot first = join("tab-a", "ann", "A", "c1").snapshot();
        assertThat(first.members()).extracting(Present.Seen::name).containsExactly("A");
        join("tab-a", "ann", "A", "c2"); // a second connection of the same tab is not a second member
        join("tab-b", "", "B", "c3");
        tick(0);

        assertThat(published).hasSize(1);
        PresenceEvents.Change change = published.get(0);
        assertThat(change.seq()).isEqualTo(1);
        assertThat(change.joined()).extracting(Present.Seen::name).containsExactly("A", "B");
        assertThat(change.joined().get(0).user()).isEqualTo("ann");
        assertThat(change.left()).isEmpty();
        assertThat(change.occupancy()).isEqualTo(new Presence.Occupancy(2, 2, 3));
        tick(0);
        assertThat(published).as("nothing changed since").hasSize(1);
    }

    @Test
    void aReloadWithinTheGracePeriodIsNeitherALeaveNorAJoin() {
        join("tab-a", "", "A", "c1");
        tick(0);
        registry.leave("room", "tab-a", "c1");
        tick(System.currentTimeMillis()); // within the grace period: still present
        join("tab-a", "", "A", "c2"); // the reloaded page's connection
        tick(LATER);

        assertThat(published).hasSize(1);
        assertThat(registry.of("room").occupancy()).isEqualTo(new Presence.Occupancy(1, 1, 1));
    }

    @Test
    void aTabLeavesWhenItsGracePeriodEnds() {
        join("tab-a", "", "A", "c1");
        join("tab-b", "", "B", "c2");
        tick(0);
        registry.leave("room", "tab-a", "c1");
        tick(System.currentTimeMillis());
        assertThat(published).as("still in its grace period").hasSize(1);
        tick(LATER);

        assertThat(published).hasSize(2);
        PresenceEvents.Change change = published.get(1);
        assertThat(change.seq()).isEqualTo(2);
        assertThat(change.joined()).isEmpty();
        assertThat(change.left()).containsExactly(PresenceRegistry.memberId("tab-a"));
        assertThat(change.occupancy()).isEqualTo(new Presence.Occupancy(2 - 1, 1, 1));
    }

    @Test
    void aJoinUndoneWithinTheWindowIsNotSent() {
        join("tab-a", "", "A", "c1");
        tick(0);
        join("tab-b", "", "B", "c2");
        registry.leave("room", "tab-b", "c2");
        tick(LATER);

        assertThat(published).hasSize(1);
        assertThat(registry.of("room").roster().members())
                .extracting(Presence.Member::name)
                .containsExactly("A");
    }

    @Test
    void membersBeyondTheLimitAreCountedAndListedAsOthersLeave() {
        for (int i = 1; i <= 5; i++) {
            join("tab-" + i, "", "M" + i, "c" + i);
        }
        tick(0);
        assertThat(published.get(0).joined()).extracting(Present.Seen::name).containsExactly("M1", "M2", "M3");
        assertThat(published.get(0).occupancy().tabs()).isEqualTo(5);

        registry.leave("room", "tab-2", "c2");
        tick(LATER);
        PresenceEvents.Change change = published.get(1);
        assertThat(change.left()).containsExactly(PresenceRegistry.memberId("tab-2"));
        assertThat(change.joined()).extracting(Present.Seen::name).containsExactly("M4");
        assertThat(registry.of("room").roster().members())
                .extracting(Presence.Member::name)
                .containsExactly("M1", "M3", "M4");

        registry.leave("room", "tab-5", "c5"); // not listed: only the counts change
        tick(LATER);
        assertThat(published.get(2).joined()).isEmpty();
        assertThat(published.get(2).left()).isEmpty();
        assertThat(published.get(2).occupancy().tabs()).isEqualTo(3);
    }

    @Test
    void aRenameReachesOthersAsAJoin() {
        join("tab-a", "", "A", "c1");
        tick(0);
        join("tab-a", "", "Ann", "c1");
        tick(0);
        assertThat(published.get(1).joined()).extracting(Present.Seen::name).containsExactly("Ann");
        assertThat(published.get(1).occupancy().connections()).isEqualTo(1);
    }

    @Test
    void anEmptyRoomIsDroppedOnceItsLeaveIsPublished() {
        join("tab-a", "", "A", "c1");
        tick(0);
        registry.leave("room", "tab-a", "c1");
        tick(LATER);
        assertThat(published.get(1).occupancy()).isEqualTo(new Presence.Occupancy(0, 0, 0));
        assertThat(registry.rooms()).isZero();
    }

    @Test
    void theOccupancyOfTenThousandMembersIsCountedWithoutListingThem() {
        for (int i = 0; i < 10_000; i++) {
            join("tab-" + i, "user-" + (i % 2_500), "", "c" + i);
        }
        assertThat(registry.of("room").occupancy()).isEqualTo(new Presence.Occupancy(2_500, 10_000, 10_000));
        assertThat(registry.of("room").roster().members()).hasSize(3);
        tick(0);
        assertThat(published.get(0).joined()).hasSize(3);
    }

    @Test
    void memberIdsAreStableAndDoNotShowTheTab() {
        assertThat(PresenceRegistry.memberId("tab-a"))
                .isEqualTo(PresenceRegistry.memberId("tab-a"))
                .isNotEqualTo(PresenceRegistry.memberId("tab-b"))
                .doesNotContain("tab")
                .hasSize(16);
    }

    private Room.Joined join(String tab, String user, String name, String connection) {
        return registry.join("room", tab, user, name, connection);
    }

    private void tick(long now) {
        registry.tick(now);
    }
}
