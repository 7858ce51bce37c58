package io.realtime.internal.topic;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Optional;

/**
 * Cursors as clients send them ({@code Last-Event-ID}, {@code lastEventId}, {@code cursor}, a resume frame): any
 * text parses to a valid cursor that prints back to itself, or to nothing; no exception is declared.
 */
class CursorFuzzTest {

    @FuzzTest
    void cursor(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        Optional<Cursor> parsed = Cursor.parse(text);
        parsed.ifPresent(cursor -> {
            assertThat(cursor.offset()).isNotNegative();
            assertThat(Cursor.validEpoch(cursor.epoch())).isTrue();
            assertThat(Cursor.parse(cursor.toString())).contains(cursor);
            assertThat(text).startsWith(cursor.epoch() + ':');
        });
    }
}
