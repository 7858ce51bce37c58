package io.realtime.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.api.sync.RedisCommands;
import io.realtime.redis.ListenerRecorder.Call;
import io.realtime.spi.Backplane;
import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Nothing grows without bound in Redis: streams are trimmed by count and by age, and idle topics' keys expire. */
class HistoryLimitsTest {

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
    void aStreamKeepsTheNewestEventsOnly() {
        try (RedisBackplane node = RedisBackplane.builder(redis.url())
                .history(100, Duration.ofMinutes(10))
                .build()) {
            for (int i = 1; i <= 350; i++) {
                node.publish("counted", "message", AttachTest.bytes(Integer.toString(i)));
            }
            assertThat(redis.admin().xlen("realtime:{counted}:events")).isEqualTo(100);

            ListenerRecorder later = new ListenerRecorder();
            try (Backplane.Attachment attachment = node.attach("counted", later)) {
                Call reset = later.next();
                assertThat(reset.isReset()).isTrue();
                assertThat(reset.offset()).isEqualTo(250);
                assertThat(later.next(100))
                        .extracting(Call::offset)
                        .containsExactlyElementsOf(
                                LongStream.rangeClosed(251, 350).boxed().toList());
            }
        }
    }

    @Test
    void aStreamDropsEventsOlderThanTheHistoryAge() {
        try (RedisBackplane node = RedisBackplane.builder(redis.url())
                .history(1000, Duration.ofSeconds(1))
                .keyExpiry(Duration.ofMinutes(1))
                .build()) {
            for (int i = 1; i <= 3; i++) {
                node.publish("aged", "message", AttachTest.bytes(Integer.toString(i)));
            }
            long storedAt = redisMillis();
            Nodes.await(() -> redisMillis() > storedAt + 1100, () -> "a second to pass on the Redis clock");
            node.publish("aged", "message", AttachTest.bytes("4"));

            assertThat(redis.admin().xlen("realtime:{aged}:events")).isEqualTo(1);
            ListenerRecorder later = new ListenerRecorder();
            try (Backplane.Attachment attachment = node.attach("aged", later)) {
                Call reset = later.next();
                assertThat(reset).isEqualTo(new Call(reset.epoch(), 3, null));
                assertThat(later.next()).isEqualTo(new Call(reset.epoch(), 4, "4"));
            }
        }
    }

    @Test
    void aTopicsKeysExpireAfterItFallsIdle() {
        try (RedisBackplane node = RedisBackplane.builder(redis.url())
                .keyExpiry(Duration.ofHours(2))
                .build()) {
            node.publish("idle", "message", AttachTest.bytes("1"));
            RedisCommands<String, String> admin = redis.admin();
            for (String key : List.of("realtime:{idle}:state", "realtime:{idle}:events")) {
                assertThat(admin.pttl(key))
                        .isBetween(
                                Duration.ofHours(2).toMillis() - 60_000,
                                Duration.ofHours(2).toMillis());
            }
        }
    }

    private static long redisMillis() {
        List<String> time = redis.admin().time();
        return Long.parseLong(time.get(0)) * 1000 + Long.parseLong(time.get(1)) / 1000;
    }
}
