package io.realtime.internal.topic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.realtime.internal.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A topic evicted while quiet comes back with the history its clients know (issue 17): a client that has seen
 * everything is never reset by the eviction, while one that missed events which left with the topic still is.
 */
class QuietTopicTest {

    private static final long AGE = 1_000;

    private final TopicRegistry topics =
            new TopicRegistry(Optional.empty(), new Json(new ObjectMapper()), 100, AGE, 10);

    @AfterEach
    void close() {
        topics.close();
    }

    @Test
    void aClientAtTheHeadOfAnEvictedTopicWithoutEventsResumesWithoutReset() {
        String head = headOf("quiet");
        topics.evictIdle(System.currentTimeMillis());
        assertThat(topics.size()).as("evicted").isZero();

        assertThat(readFrom("quiet", head)).isEmpty();
        topics.get("quiet").publish("after");
        assertThat(readFrom("quiet", head)).containsExactly(epochOf(head) + ":1 \"after\"");
    }

    @Test
    void aClientAtTheHeadOfAnEvictedTopicWhoseEventsExpiredResumesWithoutReset() {
        for (int i = 1; i <= 3; i++) {
            topics.get("expired").publish(i);
        }
        String head = headOf("expired");
        topics.evictIdle(System.currentTimeMillis() + AGE + 1);
        assertThat(topics.size()).as("evicted").isZero();

        topics.get("expired").publish(4);
        assertThat(readFrom("expired", head)).containsExactly(epochOf(head) + ":4 4");
    }

    @Test
    void aClientThatMissedEventsWhichLeftWithTheTopicStillResets() {
        topics.get("lost").publish(1);
        String behind = headOf("lost");
        topics.get("lost").publish(2);
        topics.evictIdle(System.currentTimeMillis() + AGE + 1);
        assertThat(topics.size()).as("evicted").isZero();

        assertThat(readFrom("lost", behind)).containsExactly("reset " + epochOf(behind) + ":2");
    }

    private String headOf(String topic) {
        TopicReader reader = topics.reader(topic, () -> {});
        reader.position(null);
        reader.close();
        return reader.cursor();
    }

    private List<String> readFrom(String topic, String cursor) {
        TopicReader reader = topics.reader(topic, () -> {});
        reader.position(cursor);
        List<String> read = new ArrayList<>();
        TopicReader.Target<RuntimeException> into = new TopicReader.Target<>() {
            @Override
            public boolean event(LogEvent event) {
                return read.add(event.cursor() + ' ' + new String(event.data(), StandardCharsets.UTF_8));
            }

            @Override
            public boolean reset(String at) {
                return read.add("reset " + at);
            }
        };
        while (reader.read(into)) {
            // until nothing follows
        }
        reader.close();
        return read;
    }

    private static String epochOf(String cursor) {
        return cursor.substring(0, cursor.lastIndexOf(':'));
    }
}
