package io.realtime.internal.longpoll;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.Topic;
import io.realtime.internal.outbound.Message;
import io.realtime.internal.topic.TopicLog;
import io.realtime.internal.topic.Window;
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
        publish("message", Map.of("text", "hi"));
        publish("quote", Map.of("text", "again"));
        Window w = window();

        Answer answer = new PollFormat(100, 64 * 1024).topic(w, w.epoch(), 0);

        String e = w.epoch();
        assertThat(text(answer))
                .isEqualTo("{\"cursor\":\"" + e + ":2\",\"events\":[{\"id\":\"" + e
                        + ":1\",\"event\":\"message\",\"data\":{\"text\":\"hi\"}},{\"id\":\"" + e
                        + ":2\",\"event\":\"quote\",\"data\":{\"text\":\"again\"}}]}");
    }

    @Test
    void batchIsBoundedInCount() {
        for (int i = 0; i < 5; i++) {
            publish("message", i);
        }
        Window w = window();

        Answer answer = new PollFormat(2, 64 * 1024).topic(w, w.epoch(), 1);

        assertThat(PollHarness.dataOf(answer)).containsExactly("1", "2");
        assertThat(PollHarness.cursorOf(answer)).isEqualTo(w.epoch() + ":3");
    }

    @Test
    void batchIsBoundedInBytesButAlwaysCarriesOneEvent() {
        String big = "x".repeat(1500);
        publish("message", big);
        publish("message", "small");
        publish("message", "small too");
        Window w = window();
        PollFormat format = new PollFormat(100, 1024);

        assertThat(PollHarness.dataOf(format.topic(w, w.epoch(), 0))).containsExactly('"' + big + '"');
        assertThat(PollHarness.dataOf(format.topic(w, w.epoch(), 1))).containsExactly("\"small\"", "\"small too\"");
    }

    @Test
    void cursorFallenOutOfTheWindowGetsAResetToTheHead() {
        for (int i = 0; i < 10; i++) {
            publish("message", i);
        }
        Window w = window();

        assertThat(text(harness.format.topic(w, w.epoch(), 2)))
                .isEqualTo("{\"reset\":true,\"cursor\":\"" + w.epoch() + ":10\"}");
    }

    @Test
    void otherEpochGetsAResetToWhatTheWindowStillHolds() {
        publish("message", 1);
        Window w = window();

        assertThat(text(harness.format.topic(w, "older", 7)))
                .isEqualTo("{\"reset\":true,\"cursor\":\"" + w.epoch() + ":0\"}");
    }

    @Test
    void nothingAfterTheCursorIsNoContent() {
        publish("message", 1);
        Window w = window();

        assertThat(harness.format.topic(w, w.epoch(), 1)).isSameAs(Answer.NO_CONTENT);
    }

    @Test
    void eventsForOneClientHaveNoId() {
        byte[] json = PollFormat.message(new Message("progress", "{\"percent\":50}".getBytes(StandardCharsets.UTF_8)));

        assertThat(new String(json, StandardCharsets.UTF_8))
                .isEqualTo("{\"event\":\"progress\",\"data\":{\"percent\":50}}");
    }

    private void publish(String name, Object data) {
        Topic<Object> topic = harness.topics.get("t");
        topic.publish(name, data);
    }

    private Window window() {
        TopicLog.Subscriber nobody = () -> {};
        TopicLog log = harness.topics.subscribe("t", nobody);
        log.unsubscribe(nobody);
        return log.window();
    }

    private static String text(Answer answer) {
        return new String(answer.body(), StandardCharsets.UTF_8);
    }
}
