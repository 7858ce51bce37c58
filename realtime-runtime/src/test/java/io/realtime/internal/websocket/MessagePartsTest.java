package io.realtime.internal.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MessagePartsTest {

    @Test
    void utf8LengthMatchesTheEncoder() {
        for (String text : new String[] {"", "ascii", "é", "€", "😀", "a😀é€z"}) {
            assertThat(MessageParts.utf8Length(text)).as(text).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
        }
    }

    @Test
    void fragmentsAreJoinedAndTheLimitCountsTheWholeMessage() {
        MessageParts parts = new MessageParts(10);
        assertThat(parts.text("hello", false)).isNull();
        assertThat(parts.text("world", true)).isEqualTo("helloworld");
        assertThat(parts.text("0123456789", true))
                .as("the count restarts per message")
                .isEqualTo("0123456789");
        assertThat(parts.oversize()).isFalse();
        assertThat(parts.text("123456", false)).isNull();
        assertThat(parts.text("12345", true)).isNull();
        assertThat(parts.oversize()).isTrue();
        assertThat(parts.text("1", true))
                .as("nothing after the limit was passed")
                .isNull();
    }

    @Test
    void textIsCountedInBytes() {
        MessageParts parts = new MessageParts(4);
        assertThat(parts.text("é€", true)).isNull(); // 2 characters, 5 bytes
        assertThat(parts.oversize()).isTrue();
    }

    @Test
    void binaryHasTheSameLimit() {
        MessageParts parts = new MessageParts(4);
        assertThat(parts.binary(ByteBuffer.wrap(new byte[] {1, 2}), false)).isNull();
        assertThat(parts.binary(ByteBuffer.wrap(new byte[] {3, 4}), true)).containsExactly(1, 2, 3, 4);
        assertThat(parts.binary(ByteBuffer.wrap(new byte[5]), true)).isNull();
        assertThat(parts.oversize()).isTrue();
    }
}
