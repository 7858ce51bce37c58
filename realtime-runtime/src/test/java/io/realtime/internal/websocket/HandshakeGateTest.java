package io.realtime.internal.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HandshakeGateTest {

    @Test
    void aPercentNotFollowedByTwoHexDigitsIsMalformed() {
        for (String raw : new String[] {"%", "x=%", "x=%4", "lastEventId=%zz", "a=%41&b=%g1"}) {
            assertThat(HandshakeGate.malformed(raw)).as(raw).isTrue();
        }
    }

    @Test
    void wellFormedEscapesAndNoEscapesAreNot() {
        for (String raw : new String[] {"", "x=1", "x=%41", "lastEventId=Q2hhbmdl%3A41", "/chat/%E2%82%AC", "%aF"}) {
            assertThat(HandshakeGate.malformed(raw)).as(raw).isFalse();
        }
        assertThat(HandshakeGate.malformed(null)).isFalse();
    }

    @Test
    void aNonAsciiDigitIsNotHex() {
        assertThat(HandshakeGate.malformed("x=%\u0661\u0662")).isTrue(); // Arabic-Indic one and two
    }
}
