package io.realtime.internal.duplex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EnvelopeTest {

    static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void readsRefDataAndResumeInAnyOrderIgnoringUnknownFields() throws Exception {
        Envelope envelope = Envelope.parse(MAPPER, "{\"data\":{\"a\":[1,2]},\"later\":{\"x\":1},\"ref\":7}");
        assertThat(envelope.ref()).isEqualTo(7);
        assertThat(MAPPER.readTree(envelope.data().asParser()).toString()).isEqualTo("{\"a\":[1,2]}");
        assertThat(envelope.isResume()).isFalse();
        Envelope resume = Envelope.parse(MAPPER, " {\"resume\":\"abc:1\"} ");
        assertThat(resume.isResume()).isTrue();
        assertThat(resume.resume()).isEqualTo("abc:1");
    }

    @Test
    void aRefReadBeforeTheProblemIsKept() {
        assertThat(malformed("{\"ref\":3,\"data\":{\"text\":}").ref()).isEqualTo(3);
        assertThat(malformed("{\"ref\":4,\"data\":1} trailing").ref()).isEqualTo(4);
        assertThat(malformed("{\"ref\":5,\"ref\":6,\"data\":1}").ref()).isEqualTo(5);
        assertThat(malformed("{\"data\":{\"text\":},\"ref\":3}").ref()).isNull();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "[1]",
                "\"text\"",
                "{\"ref\":-1,\"data\":1}",
                "{\"ref\":1.5,\"data\":1}",
                "{\"ref\":\"1\",\"data\":1}",
                "{\"ref\":9007199254740992,\"data\":1}",
                "{\"ref\":123456789012345678901234567890,\"data\":1}",
                "{\"resume\":1}",
                "{\"ref\":1,\"data\":1,\"data\":2}",
                "{\"ref\":1"
            })
    void notAnEnvelope(String text) {
        assertThat(malformed(text).getMessage()).isNotBlank();
    }

    private static Envelope.Malformed malformed(String text) {
        Envelope.Malformed e = catchThrowableOfType(Envelope.Malformed.class, () -> Envelope.parse(MAPPER, text));
        assertThat(e).as("%s is refused", text).isNotNull();
        return e;
    }
}
