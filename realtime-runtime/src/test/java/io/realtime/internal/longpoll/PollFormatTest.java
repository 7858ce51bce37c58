package io.realtime.internal.longpoll;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.Topic;
import io.realtime.internal.metrics.ConnectionMetrics;
import io.realtime.internal.outbound.Message;
import io.realtime.internal.topic.TopicReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PollFormatTest {

    private final PollHarness harness = new PollHarness(5, new PollFormat(100, 64 * 1024));

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void batchCarriesEveryEventAfterTheCursorWithTheLastOnesCursor() {
        String e = epochOf(publish("message", Map.of("text", "hi")));
        publish("quote", Map.of("text", "again"));

        Answer answer = new PollFormat(100, 64 * 1024).topic(reader(e + ":0"), ConnectionMetrics.NONE);

        assertThat(text(answer))
                .isEqualTo("{\"cursor\":\"" + e + ":2\",\"events\":[{\"id\":\"" + e
                        + ":1\",\"event\":\"message\",\"data\":{\"text\":\"hi\"}},{\"id\":\"" + e
                        + ":2\",\"event\":\"quote\",\"data\":{\"text\":\"again\"}}]}");
    }

    @Test
    void batchIsBoundedInCount() {
        String e = epochOf(publish("message", 0));
        for (int i = 1; i < 5; i++) {
            publish("message", i);
        }

        Answer answer = new PollFormat(2, 64 * 1024).topic(reader(e + ":1"), ConnectionMetrics.NONE);

        assertThat(PollHarness.dataOf(answer)).containsExactly("1", "2");
        assertThat(PollHarness.cursorOf(answer)).isEqualTo(e + ":3");
    }

    @Test
    void batchIsBoundedInBytesButAlwaysCarriesOneEvent() {
        String big = "x".repeat(1500);
        String e = epochOf(publish("message", big));
        publish("message", "small");
        publish("message", "small too");
        PollFormat format = new PollFormat(100, 1024);

        assertThat(PollHarness.dataOf(format.topic(reader(e + ":0"), ConnectionMetrics.NONE)))
                .containsExactly('"' + big + '"');
        assertThat(PollHarness.dataOf(format.topic(reader(e + ":1"), ConnectionMetrics.NONE)))
                .containsExactly("\"small\"", "\"small too\"");
    }

    @Test
    void cursorFallenOutOfTheWindowGetsAResetToTheHead() {
        String e = epochOf(publish("message", 0));
        for (int i = 1; i < 10; i++) {
            publish("message", i);
        }

        assertThat(text(harness.format.topic(reader(e + ":2"), ConnectionMetrics.NONE)))
                .isEqualTo("{\"reset\":true,\"cursor\":\"" + e + ":10\"}");
    }

    @Test
    void nothingAfterTheCursorIsNoContent() {
        String cursor = publish("message", 1);

        assertThat(harness.format.topic(reader(cursor), ConnectionMetrics.NONE)).isSameAs(Answer.NO_CONTENT);
    }

    @Test
    void eventsForOneClientHaveNoId() {
        byte[] json = PollFormat.message(new Message("progress", "{\"percent\":50}".getBytes(StandardCharsets.UTF_8)));

        assertThat(new String(json, StandardCharsets.UTF_8))
                .isEqualTo("{\"event\":\"progress\",\"data\":{\"percent\":50}}");
    }

    /** @return the event's cursor */
    private String publish(String name, Object data) {
        Topic<Object> topic = harness.topics.get("t");
        return topic.publish(name, data);
    }

    private static String epochOf(String cursor) {
        return cursor.substring(0, cursor.indexOf(':'));
    }

    /** A poll's reader, positioned at the client's cursor, as a topic poll has it. */
    private TopicReader reader(String cursor) {
        TopicReader reader = harness.topics.reader("t", () -> {});
        reader.position(cursor);
        reader.close(); // read without being woken
        return reader;
    }

    private static String text(Answer answer) {
        return new String(answer.body(), StandardCharsets.UTF_8);
    }
}
