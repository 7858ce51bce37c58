package io.realtime.internal.topic;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Where a client resuming from the cursor it sent ({@code Last-Event-ID}, {@code lastEventId}, {@code cursor})
 * starts, on a topic that has retained some events and dropped older ones: always in the topic's epoch, never
 * beyond its head, exactly after the cursor when every later event is retained, otherwise at the head with a
 * reset. No exception is declared.
 */
class LastEventIdFuzzTest {

    private static final int RETAINED = 8;
    private static final long MAX_AGE_MILLIS = 60_000;

    @FuzzTest
    void resume(FuzzedDataProvider data) {
        InMemoryBackplane backplane = new InMemoryBackplane();
        TopicLog log = TopicLog.open("fuzzed", backplane, RETAINED, MAX_AGE_MILLIS);
        try {
            int published = data.consumeInt(0, 3 * RETAINED);
            for (int i = 0; i < published; i++) {
                log.publish("message", Integer.toString(i).getBytes(StandardCharsets.UTF_8));
            }
            String epoch = log.window().epoch();
            long head = log.window().head();
            String cursor =
                    data.consumeBoolean() ? epoch + ':' + data.consumeLong(-2, 4L * RETAINED) : data.consumeString(100);
            if (data.consumeBoolean()) {
                cursor = cursor + data.consumeRemainingAsString();
            }
            long now = System.currentTimeMillis() + data.consumeLong(0, 2 * MAX_AGE_MILLIS);

            TopicLog.Start start = log.resolve(cursor, now);

            assertThat(start.epoch()).isEqualTo(epoch);
            assertThat(start.offset()).isBetween(0L, head);
            Cursor parsed = Cursor.parse(cursor).orElse(null);
            if (start.reset()) {
                assertThat(start.offset()).isEqualTo(head);
            } else {
                assertThat(parsed).isNotNull();
                assertThat(parsed.epoch()).isEqualTo(epoch);
                assertThat(start.offset()).isEqualTo(parsed.offset());
            }
        } finally {
            log.close();
            backplane.close();
        }
    }
}
