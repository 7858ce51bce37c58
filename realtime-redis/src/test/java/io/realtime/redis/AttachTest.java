package io.realtime.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.redis.ListenerRecorder.Call;
import io.realtime.spi.Backplane;
import io.realtime.spi.StoredEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Attaching delivers a reset, then the retained history, then live events: each once, in order. */
class AttachTest {

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
    void aNodeAttachingLaterGetsTheHistoryThenLiveEvents() {
        try (RedisBackplane a = RedisBackplane.create(redis.url());
                RedisBackplane b = RedisBackplane.create(redis.url())) {
            StoredEvent first = a.publish("news", "message", bytes("{\"n\":1}"));
            a.publish("news", "message", bytes("{\"n\":2}"));
            a.publish("news", "message", bytes("{\"n\":3}"));
            assertThat(first.offset()).isEqualTo(1);

            ListenerRecorder later = new ListenerRecorder();
            try (Backplane.Attachment attachment = b.attach("news", later)) {
                String epoch = first.epoch();
                assertThat(later.next(4))
                        .containsExactly(
                                new Call(epoch, 0, null),
                                new Call(epoch, 1, "{\"n\":1}"),
                                new Call(epoch, 2, "{\"n\":2}"),
                                new Call(epoch, 3, "{\"n\":3}"));
                StoredEvent live = a.publish("news", "alert", bytes("{\"n\":4}"));
                assertThat(live.offset()).isEqualTo(4);
                assertThat(later.next()).isEqualTo(new Call(epoch, 4, "{\"n\":4}"));
                later.assertNothingMore(Duration.ofMillis(300));
            }
        }
    }

    @Test
    void aNewTopicStartsAnEpochAtZeroThatPublishesContinue() {
        try (RedisBackplane node = RedisBackplane.create(redis.url())) {
            ListenerRecorder listener = new ListenerRecorder();
            try (Backplane.Attachment attachment = node.attach("fresh", listener)) {
                Call reset = listener.next();
                assertThat(reset.isReset()).isTrue();
                assertThat(reset.offset()).isZero();
                assertThat(reset.epoch()).matches("[A-Za-z0-9_-]{1,64}");

                StoredEvent event = node.publish("fresh", "message", bytes("{}"));
                assertThat(event.epoch()).isEqualTo(reset.epoch());
                assertThat(listener.next()).isEqualTo(new Call(reset.epoch(), 1, "{}"));
                listener.assertNothingMore(Duration.ofMillis(300));
            }
        }
    }

    @Test
    void aDetachedTopicIsNoLongerFed() {
        try (RedisBackplane node = RedisBackplane.create(redis.url())) {
            ListenerRecorder listener = new ListenerRecorder();
            Backplane.Attachment attachment = node.attach("left", listener);
            listener.next();
            attachment.close();
            attachment.close();
            node.publish("left", "message", bytes("{}"));
            listener.assertNothingMore(Duration.ofMillis(300));

            ListenerRecorder again = new ListenerRecorder();
            try (Backplane.Attachment second = node.attach("left", again)) {
                assertThat(again.next(2)).extracting(Call::offset).containsExactly(0L, 1L);
            }
        }
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
