package io.realtime.internal.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ControlMessageTest {

    private static final String SUBJECT = "abcdefghijklmnopqrstuv";

    @Test
    void aMessageIsFourAsciiLinesAndReadsBack() {
        ControlMessage message = new ControlMessage(ControlMessage.Kind.SESSION_ENDED, "node-1", SUBJECT);
        assertThat(new String(message.bytes(), StandardCharsets.US_ASCII))
                .isEqualTo("rtc1\nsession-ended\nnode-1\n" + SUBJECT);
        assertThat(ControlMessage.parse(message.bytes())).isEqualTo(message);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "rtc1",
                "rtc2\nsession-ended\nnode-1\nabcdefghijklmnopqrstuv",
                "rtc1\nsomething-else\nnode-1\nabcdefghijklmnopqrstuv",
                "rtc1\nsession-ended\nno de\nabcdefghijklmnopqrstuv",
                "rtc1\nsession-ended\nnode-1\nshort",
                "rtc1\nsession-ended\nnode-1\nabcdefghijklmnopqrstuv\n",
                "rtc1\nsession-ended\nnode-1\nabcdefghijklmnopqrstu\u00e9",
                "rtc1\nsession-ended\n\nabcdefghijklmnopqrstuv",
            })
    void anythingElseIsRefused(String text) {
        assertThat(ControlMessage.parse(text.getBytes(StandardCharsets.UTF_8))).isNull();
    }

    @Test
    void anOversizedMessageIsRefusedUnread() {
        assertThat(ControlMessage.parse(new byte[ControlMessage.MAX_BYTES + 1])).isNull();
        assertThat(ControlMessage.parse(null)).isNull();
    }
}
