package io.realtime.internal.duplex;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The message envelope {@code {"ref":n,"data":...}} or {@code {"resume":"<cursor>"}}, as a WebSocket frame or an
 * uplink body carries it: parsing yields an envelope whose {@code ref} is within the protocol's bounds, or the one
 * declared exception, {@link Envelope.Malformed}, whose {@code ref} is within them too.
 */
class EnvelopeFuzzTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @FuzzTest
    void envelope(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        Long ref;
        try {
            Envelope envelope = Envelope.parse(MAPPER, text);
            ref = envelope.ref();
            if (envelope.isResume()) {
                assertThat(envelope.resume()).isNotNull();
            }
        } catch (Envelope.Malformed e) {
            assertThat(e.getMessage()).isNotBlank();
            ref = e.ref();
        }
        if (ref != null) {
            assertThat(ref).isBetween(0L, Envelope.MAX_REF);
        }
    }
}
