package io.realtime.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.redis.ListenerRecorder.Call;
import io.realtime.spi.Backplane;
import io.realtime.spi.StoredEvent;
import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A node that missed notices reads the events from the stream, or resets where the stream no longer has them. */
class GapRecoveryTest {

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
    void anOffsetJumpIsFilledFromTheStream() {
        try (RedisBackplane a = RedisBackplane.create(redis.url());
                RedisBackplane b = RedisBackplane.create(redis.url());
                QuietPublisher quiet = new QuietPublisher(redis, 1000)) {
            ListenerRecorder onB = new ListenerRecorder();
            try (Backplane.Attachment attachment = b.attach("jump", onB)) {
                String epoch = onB.next().epoch();
                a.publish("jump", "message", AttachTest.bytes("1"));
                assertThat(onB.next()).isEqualTo(new Call(epoch, 1, "1"));

                quiet.publish("jump", "2");
                quiet.publish("jump", "3");
                a.publish("jump", "message", AttachTest.bytes("4"));

                assertThat(onB.next(3))
                        .containsExactly(new Call(epoch, 2, "2"), new Call(epoch, 3, "3"), new Call(epoch, 4, "4"));
                onB.assertNothingMore(Duration.ofMillis(300));
            }
        }
    }

    @Test
    void catchingUpDeliversEventsNoNoticeAnnounced() {
        try (RedisBackplane b = RedisBackplane.create(redis.url());
                QuietPublisher quiet = new QuietPublisher(redis, 1000)) {
            ListenerRecorder onB = new ListenerRecorder();
            try (Backplane.Attachment attachment = b.attach("silent", onB)) {
                String epoch = onB.next().epoch();
                quiet.publish("silent", "1");
                StoredEvent second = quiet.publish("silent", "2");
                assertThat(second.offset()).isEqualTo(2);

                attachment.catchUp();

                assertThat(onB.next(2)).containsExactly(new Call(epoch, 1, "1"), new Call(epoch, 2, "2"));
                onB.assertNothingMore(Duration.ofMillis(300));
            }
        }
    }

    @Test
    void eventsTrimmedBeforeTheNodeReadThemBecomeAReset() {
        int retained = 50;
        try (RedisBackplane a = RedisBackplane.builder(redis.url())
                        .history(retained, Duration.ofMinutes(10))
                        .build();
                RedisBackplane b = RedisBackplane.builder(redis.url())
                        .history(retained, Duration.ofMinutes(10))
                        .build();
                QuietPublisher quiet = new QuietPublisher(redis, retained)) {
            ListenerRecorder onB = new ListenerRecorder();
            try (Backplane.Attachment attachment = b.attach("trimmed", onB)) {
                String epoch = onB.next().epoch();
                for (int i = 1; i <= 120; i++) {
                    quiet.publish("trimmed", Integer.toString(i));
                }
                a.publish("trimmed", "message", AttachTest.bytes("121"));

                Call reset = onB.next();
                assertThat(reset).isEqualTo(new Call(epoch, 121 - retained, null));
                List<Call> events = onB.next(retained);
                assertThat(events)
                        .extracting(Call::offset)
                        .containsExactlyElementsOf(LongStream.rangeClosed(122 - retained, 121)
                                .boxed()
                                .toList());
                assertThat(events)
                        .extracting(Call::data)
                        .allSatisfy(data -> assertThat(Long.parseLong(data)).isGreaterThan(121 - retained));
                onB.assertNothingMore(Duration.ofMillis(300));
            }
        }
    }
}
