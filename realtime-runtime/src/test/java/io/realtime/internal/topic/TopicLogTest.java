package io.realtime.internal.topic;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.spi.StoredEvent;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TopicLogTest {

    private static final long AGE = 60_000;

    private final InMemoryBackplane backplane = new InMemoryBackplane();
    private final TopicLog log = TopicLog.open("t", backplane, 5, AGE);
    private final String epoch = log.window().epoch();

    @Test
    void withoutACursorAClientStartsFromNow() {
        publish(3);
        assertThat(log.resolve(null, now())).isEqualTo(new TopicLog.Start(epoch, 3, false));
    }

    @Test
    void aRetainedCursorResumesRightAfterIt() {
        publish(4);
        assertThat(log.resolve(epoch + ":1", now())).isEqualTo(new TopicLog.Start(epoch, 1, false));
        assertThat(log.resolve(epoch + ":0", now())).isEqualTo(new TopicLog.Start(epoch, 0, false));
        assertThat(log.resolve(epoch + ":4", now())).isEqualTo(new TopicLog.Start(epoch, 4, false));
    }

    @Test
    void aCursorExpiredByCountResetsToTheHead() {
        publish(10);
        assertThat(log.resolve(epoch + ":5", now())).isEqualTo(new TopicLog.Start(epoch, 5, false));
        assertThat(log.resolve(epoch + ":4", now())).isEqualTo(new TopicLog.Start(epoch, 10, true));
    }

    @Test
    void aCursorExpiredByAgeResetsToTheHead() {
        publish(3);
        long later = now() + AGE + 1_000;
        assertThat(log.resolve(epoch + ":1", later)).isEqualTo(new TopicLog.Start(epoch, 3, true));
        assertThat(log.resolve(epoch + ":3", later))
                .as("nothing missed, nothing to reset")
                .isEqualTo(new TopicLog.Start(epoch, 3, false));
    }

    @Test
    void malformedOtherEpochAndFutureCursorsReset() {
        publish(2);
        TopicLog.Start reset = new TopicLog.Start(epoch, 2, true);
        assertThat(log.resolve("garbage", now())).isEqualTo(reset);
        assertThat(log.resolve("", now())).isEqualTo(reset);
        assertThat(log.resolve("otherEpoch:1", now())).isEqualTo(reset);
        assertThat(log.resolve(epoch + ":3", now())).isEqualTo(reset);
    }

    @Test
    void aNewEpochForgetsTheOldHistory() {
        publish(3);
        log.onReset("fresh", 100);
        assertThat(log.window().epoch()).isEqualTo("fresh");
        assertThat(log.resolve(epoch + ":2", now())).isEqualTo(new TopicLog.Start("fresh", 100, true));
        log.onEvent(stored("fresh", 101));
        assertThat(log.resolve("fresh:100", now())).isEqualTo(new TopicLog.Start("fresh", 100, false));
    }

    @Test
    void anEventOutOfSequenceStartsAFreshWindowRatherThanSkipping() {
        publish(2);
        log.onEvent(stored(epoch, 7));
        assertThat(log.window().start()).isEqualTo(6);
        assertThat(log.resolve(epoch + ":2", now())).isEqualTo(new TopicLog.Start(epoch, 7, true));
    }

    @Test
    void subscribersAreSignalledOnEveryAppend() {
        AtomicInteger signals = new AtomicInteger();
        TopicReader subscriber = new TopicReader(log, signals::incrementAndGet);
        log.subscribe(subscriber);
        assertThat(log.subscribers()).isEqualTo(1);
        publish(3);
        assertThat(signals).hasValue(3);
        log.unsubscribe(subscriber);
        log.unsubscribe(subscriber);
        publish(1);
        assertThat(signals).hasValue(3);
        assertThat(log.subscribers()).isZero();
    }

    @Test
    void publishingAssignsConsecutiveCursors() {
        assertThat(log.publish("message", json("1"))).isEqualTo(epoch + ":1");
        assertThat(log.publish("message", json("2"))).isEqualTo(epoch + ":2");
        assertThat(log.window().next(1).data()).isEqualTo(json("2"));
    }

    @Test
    void anIdleTopicClosesOnlyWithoutSubscribersAndAfterItsHistoryExpired() {
        publish(1);
        TopicReader subscriber = new TopicReader(log, () -> {});
        log.subscribe(subscriber);
        assertThat(log.closeIfIdle(now() + 2 * AGE)).isFalse();
        log.unsubscribe(subscriber);
        assertThat(log.closeIfIdle(now())).isFalse();
        assertThat(log.closeIfIdle(now() + 2 * AGE)).isTrue();
    }

    private void publish(int count) {
        for (int i = 0; i < count; i++) {
            log.publish("message", json(Integer.toString(i)));
        }
    }

    private static StoredEvent stored(String epoch, long offset) {
        return new StoredEvent("t", epoch, offset, "message", json("0"), now());
    }

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static long now() {
        return System.currentTimeMillis();
    }
}
