package io.realtime.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.redis.ListenerRecorder.Call;
import io.realtime.spi.Backplane;
import io.realtime.spi.StoredEvent;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** When Redis loses a topic's history, or goes back in time, the topic starts a new epoch: never a silent gap. */
class LostHistoryTest {

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
    void aFlushStartsANewEpochThatFollowersAreResetTo() {
        try (RedisBackplane a = RedisBackplane.create(redis.url());
                RedisBackplane b = RedisBackplane.create(redis.url())) {
            ListenerRecorder onB = new ListenerRecorder();
            try (Backplane.Attachment attachment = b.attach("flushed", onB)) {
                String before = onB.next().epoch();
                a.publish("flushed", "message", AttachTest.bytes("1"));
                onB.next();

                redis.admin().flushall();
                StoredEvent after = a.publish("flushed", "message", AttachTest.bytes("again"));

                assertThat(after.epoch()).isNotEqualTo(before);
                assertThat(after.offset()).isEqualTo(1);
                assertThat(onB.next(2))
                        .containsExactly(new Call(after.epoch(), 0, null), new Call(after.epoch(), 1, "again"));
                onB.assertNothingMore(Duration.ofMillis(300));
            }
        }
    }

    @Test
    void anEvictedStateStartsANewEpoch() {
        try (RedisBackplane a = RedisBackplane.create(redis.url())) {
            StoredEvent first = a.publish("evicted", "message", AttachTest.bytes("1"));
            redis.admin().del("realtime:{evicted}:state");

            StoredEvent next = a.publish("evicted", "message", AttachTest.bytes("2"));

            assertThat(next.epoch()).isNotEqualTo(first.epoch());
            assertThat(next.offset()).isEqualTo(1);
            ListenerRecorder later = new ListenerRecorder();
            try (Backplane.Attachment attachment = a.attach("evicted", later)) {
                assertThat(later.next(2))
                        .containsExactly(new Call(next.epoch(), 0, null), new Call(next.epoch(), 1, "2"));
            }
        }
    }

    @Test
    void aReusedOffsetAnnouncedByRedisStartsANewEpoch() {
        try (RedisBackplane a = RedisBackplane.create(redis.url());
                RedisBackplane b = RedisBackplane.create(redis.url())) {
            ListenerRecorder onB = new ListenerRecorder();
            try (Backplane.Attachment attachment = b.attach("rewound", onB)) {
                String epoch = onB.next().epoch();
                publishThree(a, "rewound", onB);

                rewindToFirstEvent("rewound");
                StoredEvent reused = a.publish("rewound", "message", AttachTest.bytes("reused"));
                assertThat(reused.offset()).isEqualTo(2);

                Call reset = onB.next();
                assertThat(reset.isReset()).isTrue();
                assertThat(reset.epoch()).isNotEqualTo(epoch);
                assertThat(reset.offset()).isZero();
                StoredEvent fresh = a.publish("rewound", "message", AttachTest.bytes("fresh"));
                assertThat(fresh.epoch()).isEqualTo(reset.epoch());
                assertThat(onB.next()).isEqualTo(new Call(reset.epoch(), 1, "fresh"));
                onB.assertNothingMore(Duration.ofMillis(300));
            }
        }
    }

    @Test
    void aStoreBehindWhatANodeSawStartsANewEpochWhenItCatchesUp() {
        try (RedisBackplane a = RedisBackplane.create(redis.url());
                RedisBackplane b = RedisBackplane.create(redis.url())) {
            ListenerRecorder onB = new ListenerRecorder();
            try (Backplane.Attachment attachment = b.attach("behind", onB)) {
                String epoch = onB.next().epoch();
                publishThree(a, "behind", onB);

                rewindToFirstEvent("behind");
                attachment.catchUp();

                Call reset = onB.next();
                assertThat(reset.isReset()).isTrue();
                assertThat(reset.epoch()).isNotEqualTo(epoch);
                onB.assertNothingMore(Duration.ofMillis(300));
            }
        }
    }

    private static void publishThree(RedisBackplane node, String topic, ListenerRecorder follower) {
        for (int i = 1; i <= 3; i++) {
            node.publish(topic, "message", AttachTest.bytes(Integer.toString(i)));
        }
        assertThat(follower.next(3)).extracting(Call::offset).containsExactly(1L, 2L, 3L);
    }

    // As if Redis restarted from a snapshot taken after the first event: the next offsets would be reused.
    private static void rewindToFirstEvent(String topic) {
        redis.admin().hset("realtime:{" + topic + "}:state", "seq", "1");
        redis.admin().xtrim("realtime:{" + topic + "}:events", 1);
    }
}
