package io.realtime.internal.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.realtime.RealtimeException;
import io.realtime.internal.Json;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The topic bound locks nobody out: a full registry evicts a topic nobody follows, those used once first, and a
 * client that comes back to an evicted topic gets {@code reset}; only when every topic is followed is a new one
 * refused.
 */
class TopicEvictionTest {

    private static final long HOUR = 3_600_000;

    private final TopicRegistry topics =
            new TopicRegistry(Optional.empty(), new Json(new ObjectMapper()), 100, HOUR, 100);

    @Test
    void aFloodOfRoomsPublishedToOnceLeavesRoomForANewRoomAndKeepsTheFollowedOnes() {
        TopicReader followed = topics.reader("lobby", () -> {});
        followed.position(null);
        topics.publish("busy", "m", Map.of("n", 1));
        topics.publish("busy", "m", Map.of("n", 2));
        for (int i = 0; i < 200_000; i++) {
            topics.publish("flood-" + i, "m", Map.of("n", i));
        }
        assertThat(topics.size()).isEqualTo(100);

        TopicReader newcomer = topics.reader("new-room", () -> {});
        newcomer.position(null);
        String cursor = topics.publish("new-room", "m", Map.of("hello", "world"));
        assertThat(cursor).contains(":");
        assertThat(topics.size()).isEqualTo(100);
        assertThat(topics.publish("lobby", "m", Map.of("still", "here")))
                .as("the followed topic kept its epoch")
                .startsWith(epochOf(topics.publish("lobby", "m", Map.of("again", true))));
        newcomer.close();
        followed.close();
    }

    @Test
    void aClientThatMissedEventsOfAnEvictedTopicGetsReset() {
        String cursor = topics.publish("quiet", "m", Map.of("n", 1));
        topics.publish("quiet", "m", Map.of("n", 2)); // the client never read this one
        for (int i = 0; i < 200; i++) {
            topics.publish("flood-" + i, "m", Map.of("n", i));
        }
        TopicReader back = topics.reader("quiet", () -> {});
        back.position(cursor);
        assertThat(back.hasNext()).as("a reset waits for the client").isTrue();
        back.close();
    }

    @Test
    void aNewTopicIsRefusedOnlyWhenEveryTopicIsFollowed() {
        TopicRegistry small = new TopicRegistry(Optional.empty(), new Json(new ObjectMapper()), 10, HOUR, 2);
        TopicReader a = small.reader("a", () -> {});
        TopicReader b = small.reader("b", () -> {});
        assertThatThrownBy(() -> small.publish("c", "m", Map.of()))
                .isInstanceOfSatisfying(
                        RealtimeException.class, e -> assertThat(e.status()).isEqualTo(503))
                .hasMessageContaining("followed");
        b.close();
        assertThat(small.publish("c", "m", Map.of())).contains(":");
        a.close();
        small.close();
    }

    private static String epochOf(String cursor) {
        return cursor.substring(0, cursor.indexOf(':'));
    }
}
