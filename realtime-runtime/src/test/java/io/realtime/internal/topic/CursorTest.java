package io.realtime.internal.topic;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CursorTest {

    @Test
    void parsesEpochAndOffset() {
        assertThat(Cursor.parse("Q2hhbmdl:41")).contains(new Cursor("Q2hhbmdl", 41));
        assertThat(Cursor.parse("a_b-C:0")).contains(new Cursor("a_b-C", 0));
        assertThat(Cursor.parse("e:999999999999999999")).contains(new Cursor("e", 999_999_999_999_999_999L));
        assertThat(Cursor.parse("x".repeat(64) + ":1")).contains(new Cursor("x".repeat(64), 1));
    }

    @Test
    void printsAsParsed() {
        assertThat(new Cursor("Q2hhbmdl", 42)).hasToString("Q2hhbmdl:42");
        assertThat(Cursor.parse(new Cursor("abc", 7).toString())).contains(new Cursor("abc", 7));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                ":",
                "abc",
                "abc:",
                ":12",
                "abc:-1",
                "abc:+1",
                "abc:1x",
                "abc:1 ",
                "ab c:1",
                "ab:c:1",
                "é:1",
                "abc:1000000000000000000",
                "abc:0x10"
            })
    void rejectsMalformedCursors(String text) {
        assertThat(Cursor.parse(text)).isEmpty();
    }

    @Test
    void rejectsNullAndOverlongInput() {
        assertThat(Cursor.parse(null)).isEmpty();
        assertThat(Cursor.parse("x".repeat(65) + ":1")).isEmpty();
        assertThat(Cursor.parse("x".repeat(10_000))).isEmpty();
    }

    @Test
    void validEpochs() {
        assertThat(Cursor.validEpoch("Q2hhbmdl")).isTrue();
        assertThat(Cursor.validEpoch("")).isFalse();
        assertThat(Cursor.validEpoch("a:b")).isFalse();
        assertThat(Cursor.validEpoch("x".repeat(65))).isFalse();
    }
}
