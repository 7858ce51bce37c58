package io.realtime.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.redis.ListenerRecorder.Call;
import io.realtime.spi.Backplane;
import io.realtime.spi.StoredEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A topic that a node detached while quiet (evicted) comes back, on that node or another, with the epoch and head
 * its clients know, for as long as Redis keeps its keys: a client that has seen everything is not reset by the
 * eviction (issue 17). A topic whose keys are gone starts a new epoch.
 */
class QuietTopicTest {

    private static RedisProcess redis;

    @BeforeAll
    static void startRedis() {
        redis = RedisProcess.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @Test
    void aTopicWithoutEventsComesBackWithItsEpochAtZero() {
        try (RedisBackplane node = RedisBackplane.create(redis.url());
                RedisBackplane other = RedisBackplane.create(redis.url())) {
            Call first = attachAndDetach(node, "never-published");
            assertThat(first.offset()).isZero();
            assertThat(attachAndDetach(node, "never-published")).isEqualTo(first);
            assertThat(attachAndDetach(other, "never-published")).isEqualTo(first);
        }
    }

    @Test
    void aTopicWithEventsComesBackOnAnyNodeWithItsEpochAndContinuesItsOffsets() {
        try (RedisBackplane node = RedisBackplane.create(redis.url());
                RedisBackplane other = RedisBackplane.create(redis.url())) {
            StoredEvent last = null;
            for (int i = 1; i <= 3; i++) {
                last = node.publish("published", "message", AttachTest.bytes(Integer.toString(i)));
            }
            assertThat(attachAndDetach(node, "published").epoch()).isEqualTo(last.epoch());
            assertThat(attachAndDetach(other, "published").epoch()).isEqualTo(last.epoch());

            StoredEvent next = other.publish("published", "message", AttachTest.bytes("4"));
            assertThat(next.epoch()).isEqualTo(last.epoch());
            assertThat(next.offset()).isEqualTo(4);
        }
    }

    @Test
    void aTopicWhoseKeysAreGoneStartsANewEpoch() {
        try (RedisBackplane node = RedisBackplane.create(redis.url())) {
            Call first = attachAndDetach(node, "forgotten");
            Keys keys = new Keys("realtime:");
            redis.admin().del(keys.state("forgotten"), keys.events("forgotten"));
            Call again = attachAndDetach(node, "forgotten");
            assertThat(again.epoch()).isNotEqualTo(first.epoch());
        }
    }

    private static Call attachAndDetach(RedisBackplane node, String topic) {
        ListenerRecorder listener = new ListenerRecorder();
        try (Backplane.Attachment attachment = node.attach(topic, listener)) {
            Call reset = listener.next();
            assertThat(reset.isReset()).isTrue();
            return reset;
        }
    }
}
