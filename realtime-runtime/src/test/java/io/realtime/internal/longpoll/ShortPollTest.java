package io.realtime.internal.longpoll;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ShortPollTest {

    private static final byte[] VALUE = "{\"unread\":3}".getBytes(StandardCharsets.UTF_8);
    private static final String ETAG = ShortPoll.etag(VALUE);

    @Test
    void etagIsAStrongDigestOfTheBytes() {
        assertThat(ETAG).matches("\"[A-Za-z0-9_-]{22}\"");
        assertThat(ShortPoll.etag("{\"unread\":3}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(ETAG);
        assertThat(ShortPoll.etag("{\"unread\":4}".getBytes(StandardCharsets.UTF_8)))
                .isNotEqualTo(ETAG);
    }

    @Test
    void withoutIfNoneMatchTheValueIsSentWithItsEtag() {
        Answer answer = ShortPoll.answer(VALUE, null);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo(VALUE);
        assertThat(answer.etag()).isEqualTo(ETAG);
    }

    @Test
    void matchingIfNoneMatchIsNotModified() {
        assertThat(ShortPoll.answer(VALUE, ETAG).status()).isEqualTo(304);
        assertThat(ShortPoll.answer(VALUE, ETAG).body()).isNull();
        assertThat(ShortPoll.answer(VALUE, ETAG).etag()).isEqualTo(ETAG);
        assertThat(ShortPoll.answer(VALUE, "\"other\", W/" + ETAG).status()).isEqualTo(304);
        assertThat(ShortPoll.answer(VALUE, "*").status()).isEqualTo(304);
    }

    @Test
    void otherEtagsGetTheValue() {
        assertThat(ShortPoll.answer(VALUE, "\"other\"").status()).isEqualTo(200);
        assertThat(ShortPoll.answer(VALUE, ETAG.substring(1)).status()).isEqualTo(200);
        assertThat(ShortPoll.answer(VALUE, "").status()).isEqualTo(200);
    }
}
