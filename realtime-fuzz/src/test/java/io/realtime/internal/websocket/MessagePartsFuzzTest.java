package io.realtime.internal.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The parts of inbound WebSocket messages (fragments, or a container's partial deliveries), text or binary,
 * under the size limit: a whole message comes out exactly when its last part arrives within the limit, equal to
 * its parts joined; once over the limit nothing more comes out. Nothing is thrown.
 */
class MessagePartsFuzzTest {

    @FuzzTest
    void parts(FuzzedDataProvider data) {
        int limit = data.consumeInt(0, 2048);
        boolean binary = data.consumeBoolean();
        MessageParts parts = new MessageParts(limit);
        StringBuilder text = new StringBuilder();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        long size = 0;
        while (data.remainingBytes() > 0) {
            boolean last = data.consumeBoolean();
            boolean wasOversize = parts.oversize();
            if (binary) {
                byte[] part = data.consumeBytes(data.consumeInt(0, 600));
                bytes.writeBytes(part);
                size += part.length;
                byte[] message = parts.binary(ByteBuffer.wrap(part), last);
                check(
                        message == null ? null : new String(message, StandardCharsets.ISO_8859_1),
                        bytes.toString(StandardCharsets.ISO_8859_1),
                        last,
                        size,
                        limit,
                        wasOversize);
            } else {
                String part = data.consumeString(data.consumeInt(0, 600));
                text.append(part);
                size += MessageParts.utf8Length(part);
                check(parts.text(part, last), text.toString(), last, size, limit, wasOversize);
            }
            if (!wasOversize) {
                assertThat(parts.oversize()).isEqualTo(size > limit);
            }
            if (last) {
                text.setLength(0);
                bytes.reset();
                size = 0;
            }
        }
    }

    private static void check(String message, String joined, boolean last, long size, int limit, boolean oversize) {
        if (last && !oversize && size <= limit) {
            assertThat(message).isEqualTo(joined);
        } else {
            assertThat(message).isNull();
        }
    }
}
