package io.realtime.internal.topic;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * One reader of a topic, as every transport reads it: events after the cursor in order, an explicit reset where the
 * cursor is unknown, history has left the window or the epoch changed, and nothing it declined is lost.
 */
class TopicReaderTest {

    private final TopicLog log = TopicLog.open("t", new InMemoryBackplane(), 5, 60_000);
    private final String epoch = log.window().epoch();
    private final AtomicInteger wakeUps = new AtomicInteger();
    private final TopicReader reader = new TopicReader(log, wakeUps::incrementAndGet);

    /** Records what it takes; declines everything once {@code accept} is false. */
    private static final class Recorder implements TopicReader.Target<RuntimeException> {
        final List<String> read = new ArrayList<>();
        boolean accept = true;

        @Override
        public boolean event(LogEvent event) {
            if (accept) {
                read.add(event.cursor() + ' ' + new String(event.data(), StandardCharsets.UTF_8));
            }
            return accept;
        }

        @Override
        public boolean reset(String cursor) {
            if (accept) {
                read.add("reset " + cursor);
            }
            return accept;
        }

        List<String> drain(TopicReader reader) {
            while (reader.read(this)) {
                // reads until nothing follows
            }
            return read;
        }
    }

    @Test
    void readsTheEventsAfterItsCursorInOrderAndMovesItsCursor() {
        publish(3);
        reader.position(epoch + ":1");

        assertThat(reader.hasNext()).isTrue();
        assertThat(new Recorder().drain(reader)).containsExactly(epoch + ":2 2", epoch + ":3 3");
        assertThat(reader.hasNext()).isFalse();
        assertThat(reader.cursor()).isEqualTo(epoch + ":3");
    }

    @Test
    void withoutACursorItReadsOnlyWhatFollows() {
        publish(2);
        reader.position(null);
        assertThat(reader.hasNext()).isFalse();

        publish(1);
        assertThat(new Recorder().drain(reader)).containsExactly(epoch + ":3 3");
    }

    @Test
    void anUnknownCursorIsAResetToTheHeadFirst() {
        publish(2);
        reader.position("nonsense");

        publish(1);
        assertThat(new Recorder().drain(reader)).containsExactly("reset " + epoch + ":2", epoch + ":3 3");
    }

    @Test
    void eventsThatLeftTheWindowBeforeTheyWereReadAreAResetToTheHead() {
        publish(1);
        reader.position(epoch + ":0");
        publish(9); // the window keeps 5: the reader's next event has gone

        assertThat(new Recorder().drain(reader)).containsExactly("reset " + epoch + ":10");
    }

    @Test
    void aNewEpochIsAResetToWhatTheWindowOfItStillHolds() {
        publish(1);
        reader.position(epoch + ":1");
        log.onReset("fresh", 100);
        log.onEvent(new io.realtime.spi.StoredEvent("t", "fresh", 101, "message", bytes("101"), now()));

        assertThat(new Recorder().drain(reader)).containsExactly("reset fresh:100", "fresh:101 101");
    }

    @Test
    void whatTheTargetDeclinesIsReadAgainLater() {
        publish(2);
        reader.position("nonsense");
        Recorder recorder = new Recorder();
        recorder.accept = false;

        assertThat(reader.read(recorder)).isFalse();
        assertThat(reader.read(recorder)).isFalse();
        assertThat(reader.hasNext()).isTrue();

        recorder.accept = true;
        publish(1);
        assertThat(recorder.drain(reader)).containsExactly("reset " + epoch + ":2", epoch + ":3 3");
    }

    @Test
    void publishingOnlyWakesTheOwnerUntilTheReaderCloses() {
        log.subscribe(reader);
        reader.position(null);
        publish(2);
        assertThat(wakeUps).hasValue(2);
        assertThat(reader.cursor()).as("a wake-up reads nothing").isEqualTo(epoch + ":0");

        reader.close();
        reader.close();
        publish(1);
        assertThat(wakeUps).hasValue(2);
        assertThat(log.subscribers()).isZero();
    }

    private void publish(int count) {
        for (int i = 0; i < count; i++) {
            log.publish("message", bytes(String.valueOf(log.window().head() + 1)));
        }
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static long now() {
        return System.currentTimeMillis();
    }
}
