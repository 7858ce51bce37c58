package io.realtime.internal.sse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.realtime.internal.Json;
import io.realtime.internal.outbound.Message;
import io.realtime.internal.topic.LogEvent;
import io.realtime.internal.topic.TopicReader;
import io.realtime.internal.topic.TopicRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Frames byte for byte (WHATWG HTML §9.2.6): the same bytes docs/protocol.md shows. */
class SseFormatTest {

    @Test
    void topicEventCarriesIdNameAndData() {
        TopicRegistry topics = new TopicRegistry(Optional.empty(), new Json(new ObjectMapper()), 10, 60_000, 10);
        String cursor = topics.get("prices").publish("quote", Map.of("cents", 100));
        TopicReader reader = topics.reader("prices", () -> {});
        reader.position(cursor.substring(0, cursor.indexOf(':')) + ":0");
        LogEvent[] read = new LogEvent[1];
        reader.read(new TopicReader.Target<RuntimeException>() {
            @Override
            public boolean event(LogEvent event) {
                read[0] = event;
                return true;
            }

            @Override
            public boolean reset(String cursor) {
                return false;
            }
        });
        LogEvent event = read[0];
        assertThat(text(SseFormat.event(null, event)))
                .isEqualTo("id: " + cursor + "\nevent: quote\ndata: {\"cents\":100}\n\n");
        assertThat(SseFormat.event(null, event))
                .as("built once, shared by every subscriber")
                .isSameAs(SseFormat.event(null, event));
        assertThat(text(SseFormat.event("prices", event)))
                .as("a subscription of a shared connection: its sub field, then the same bytes")
                .isEqualTo("sub: prices\nid: " + cursor + "\nevent: quote\ndata: {\"cents\":100}\n\n");
        topics.close();
    }

    @Test
    void messageHasNoId() {
        assertThat(text(SseFormat.message(new Message("progress", bytes("{\"percent\":50}")))))
                .isEqualTo("event: progress\ndata: {\"percent\":50}\n\n");
        assertThat(text(SseFormat.message(new Message("jobs", "progress", bytes("{\"percent\":50}")))))
                .isEqualTo("sub: jobs\nevent: progress\ndata: {\"percent\":50}\n\n");
    }

    @Test
    void everyLineOfDataBecomesItsOwnDataLine() {
        assertThat(text(SseFormat.frame(null, "message", bytes("{\n  \"a\" : 1\n}"))))
                .isEqualTo("event: message\ndata: {\ndata:   \"a\" : 1\ndata: }\n\n");
        assertThat(text(SseFormat.frame(null, "message", bytes("a\r\nb\rc\n"))))
                .as("CRLF, CR and LF all end a line; a trailing newline gives an empty data line")
                .isEqualTo("event: message\ndata: a\ndata: b\ndata: c\ndata: \n\n");
        assertThat(text(SseFormat.frame(null, "message", bytes("")))).isEqualTo("event: message\ndata: \n\n");
    }

    @Test
    void carriageReturnsAndLineFeedsAreStrippedFromIdAndEvent() {
        assertThat(text(SseFormat.frame("e:1\r\ndata: forged", "na\rme\n", bytes("1"))))
                .isEqualTo("id: e:1data: forged\nevent: name\ndata: 1\n\n");
    }

    @Test
    void controlFrames() {
        assertThat(text(SseFormat.preamble(2000))).isEqualTo("retry: 2000\n\n");
        assertThat(text(SseFormat.HEARTBEAT)).isEqualTo(":\n\n");
        assertThat(text(SseFormat.END)).isEqualTo("event: end\ndata: {}\n\n");
        assertThat(text(SseFormat.reconnect(1500))).isEqualTo("retry: 1500\nevent: reconnect\ndata: {}\n\n");
        assertThat(text(SseFormat.reset(null, "Q2hhbmdl:1043")))
                .isEqualTo("id: Q2hhbmdl:1043\nevent: reset\ndata: {\"cursor\":\"Q2hhbmdl:1043\"}\n\n");
        assertThat(text(SseFormat.reset("prices", "Q2hhbmdl:1043")))
                .isEqualTo("sub: prices\nid: Q2hhbmdl:1043\nevent: reset\ndata: {\"cursor\":\"Q2hhbmdl:1043\"}\n\n");
        assertThat(text(SseFormat.preamble(2000, "m3Xq8TnR2pLs9VwK4cYz0A")))
                .isEqualTo("retry: 2000\n\nevent: connection\ndata: {\"connection\":\"m3Xq8TnR2pLs9VwK4cYz0A\"}\n\n");
    }

    @Test
    void dataIsWrittenAsUtf8Unchanged() {
        assertThat(SseFormat.frame(null, "message", bytes("\"été\"")))
                .isEqualTo(bytes("event: message\ndata: \"été\"\n\n"));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
