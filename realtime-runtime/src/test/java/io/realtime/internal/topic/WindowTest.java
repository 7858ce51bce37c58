package io.realtime.internal.topic;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.spi.StoredEvent;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class WindowTest {

    @Test
    void emptyWindowHasNothingNext() {
        Window window = new Window("e", 0, 10);
        assertThat(window.head()).isZero();
        assertThat(window.start()).isZero();
        assertThat(window.next(0)).isNull();
        assertThat(window.isRetained(0)).isTrue();
        assertThat(window.newestTimestamp()).isZero();
    }

    @Test
    void growsFromASmallRingAndKeepsEveryEventUpToTheLimit() {
        Window window = new Window("e", 0, 1000);
        appendRange(window, 1, 1000);
        assertThat(window.head()).isEqualTo(1000);
        for (long after = 0; after < 1000; after++) {
            assertThat(window.next(after).offset()).isEqualTo(after + 1);
        }
        assertThat(window.next(1000)).isNull();
    }

    @Test
    void retainsExactlyTheNewestMaxEvents() {
        Window window = new Window("e", 0, 5);
        appendRange(window, 1, 20);
        assertThat(window.next(15).offset()).isEqualTo(16);
        assertThat(window.next(14)).isSameAs(Window.GAP);
        assertThat(window.next(0)).isSameAs(Window.GAP);
        assertThat(window.isRetained(15)).isTrue();
        assertThat(window.isRetained(14)).isFalse();
        assertThat(window.isRetained(20)).isTrue();
    }

    @Test
    void aWindowMayStartAfterOffsetZero() {
        Window window = new Window("e", 41, 3);
        assertThat(window.start()).isEqualTo(41);
        assertThat(window.head()).isEqualTo(41);
        appendRange(window, 42, 43);
        assertThat(window.next(41).offset()).isEqualTo(42);
        assertThat(window.next(40)).as("before this node saw the topic").isSameAs(Window.GAP);
    }

    @Test
    void aRetentionOfOneKeepsTheNewestEvent() {
        Window window = new Window("e", 0, 1);
        appendRange(window, 1, 3);
        assertThat(window.next(2).offset()).isEqualTo(3);
        assertThat(window.next(1)).isSameAs(Window.GAP);
    }

    @Test
    void newestTimestampIsThatOfTheHead() {
        Window window = new Window("e", 0, 4);
        window.append(event(1, 100));
        window.append(event(2, 250));
        assertThat(window.newestTimestamp()).isEqualTo(250);
    }

    @Test
    @Timeout(30)
    void aReaderRacingTheAppenderSeesEachEventInOrderOrAGapNeverAWrongOne() throws Exception {
        Window window = new Window("e", 0, 64);
        int total = 200_000;
        CompletableFuture<Void> appender = CompletableFuture.runAsync(() -> appendRange(window, 1, total));
        long offset = 0;
        while (offset < total) {
            LogEvent next = window.next(offset);
            if (next == null) {
                Thread.onSpinWait();
            } else if (next == Window.GAP) {
                offset = window.head();
            } else {
                assertThat(next.offset()).isEqualTo(offset + 1);
                offset = next.offset();
            }
        }
        appender.get(30, TimeUnit.SECONDS);
        assertThat(offset).isEqualTo(total);
    }

    static void appendRange(Window window, long from, long to) {
        for (long offset = from; offset <= to; offset++) {
            window.append(event(offset, offset));
        }
    }

    static LogEvent event(long offset, long timestamp) {
        return new LogEvent(new StoredEvent("t", "e", offset, "message", new byte[] {'1'}, timestamp));
    }
}
