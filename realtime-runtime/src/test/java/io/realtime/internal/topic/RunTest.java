package io.realtime.internal.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.realtime.EventSink;
import io.realtime.Run;
import io.realtime.internal.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A run is a topic with an end and a producer: read from its start to its end, stopped from anywhere. */
class RunTest {

    private final TopicRegistry topics =
            new TopicRegistry(Optional.empty(), new Json(new ObjectMapper()), 3, 60_000, 10, 100, 5000, 100, 60_000);

    @AfterEach
    void close() {
        topics.close();
    }

    @Test
    void aReaderWithoutCursorReadsTheRunFromItsStartToItsEndAndNothingAfter() {
        Run<String> run = topics.run("r");
        EventSink<String> out = run.start();
        for (int i = 1; i <= 5; i++) {
            assertThat(out.send("w" + i)).isTrue();
        }
        out.close();
        assertThat(out.send("late")).as("the run has ended").isFalse();
        topics.get("r").publish("published after the end, by mistake");

        TopicReader reader = topics.runReader("r", () -> {});
        reader.position(null);
        String epoch = epochOf(reader.cursor());
        assertThat(reader.cursor()).isEqualTo(epoch + ":0");
        assertThat(readAll(reader))
                .containsExactly(
                        epoch + ":1 message \"w1\"",
                        epoch + ":2 message \"w2\"",
                        epoch + ":3 message \"w3\"",
                        epoch + ":4 message \"w4\"",
                        epoch + ":5 message \"w5\"",
                        epoch + ":6 end {\"reason\":\"complete\"}");
        assertThat(reader.finished()).isTrue();
        assertThat(reader.hasNext()).isFalse();
    }

    @Test
    void aReaderAtOrAfterTheEndReadsTheEndAgain() {
        EventSink<String> out = topics.<String>run("r").start();
        out.send("only");
        out.close();
        TopicReader late = topics.runReader("r", () -> {});
        late.position(null);
        String epoch = epochOf(late.cursor());
        late.position(epoch + ":2");
        assertThat(readAll(late)).containsExactly(epoch + ":2 end {\"reason\":\"complete\"}");
        late.position(epoch + ":1");
        assertThat(readAll(late)).containsExactly(epoch + ":2 end {\"reason\":\"complete\"}");
    }

    @Test
    void aStopFromAnotherHandleClosesTheProducersSinkAndRunsItsCallbacks() {
        EventSink<String> out = topics.<String>run("r").start();
        AtomicInteger closed = new AtomicInteger();
        out.onClose(closed::incrementAndGet);
        out.send("w1");
        topics.run("r").stop();
        assertThat(out.isOpen()).isFalse();
        assertThat(closed).hasValue(1);
        assertThat(out.send("w2")).isFalse();
        topics.run("r").stop(); // ended already: nothing more
        out.close();
        TopicReader reader = topics.runReader("r", () -> {});
        reader.position(null);
        assertThat(readAll(reader))
                .extracting(line -> line.substring(line.indexOf(' ') + 1))
                .containsExactly("message \"w1\"", "end {\"reason\":\"stopped\"}");
        AtomicInteger late = new AtomicInteger();
        out.onClose(late::incrementAndGet);
        assertThat(late).as("registered on a closed sink: runs at once").hasValue(1);
    }

    @Test
    void aNameIsOneRun() {
        EventSink<String> out = topics.<String>run("r").start();
        assertThatIllegalStateException()
                .isThrownBy(() -> topics.run("r").start())
                .withMessageContaining("this node");
        out.send("w1");
        out.close();
        assertThatIllegalStateException()
                .isThrownBy(() -> topics.run("r").start())
                .withMessageContaining("has started already");
    }

    @Test
    void theApplicationStoppingInterruptsTheRunsItProduces() {
        EventSink<String> out = topics.<String>run("r").start();
        TopicReader reader = topics.runReader("r", () -> {});
        reader.position(null);
        topics.interruptRuns();
        assertThat(out.isOpen()).isFalse();
        assertThat(readAll(reader))
                .extracting(line -> line.substring(line.indexOf(' ') + 1))
                .containsExactly("end {\"reason\":\"interrupted\"}");
    }

    @Test
    void aRunKeepsItsOwnRetentionBeyondATopics() {
        EventSink<Integer> out = topics.<Integer>run("long").start();
        for (int i = 1; i <= 50; i++) {
            out.send(i);
        }
        TopicReader reader = topics.runReader("long", () -> {});
        reader.position(null);
        assertThat(readAll(reader)).hasSize(50).first().asString().endsWith(":1 message 1");
    }

    private static List<String> readAll(TopicReader reader) {
        List<String> read = new ArrayList<>();
        TopicReader.Target<RuntimeException> into = new TopicReader.Target<>() {
            @Override
            public boolean event(LogEvent event) {
                return read.add(
                        event.cursor() + ' ' + event.name() + ' ' + new String(event.data(), StandardCharsets.UTF_8));
            }

            @Override
            public boolean reset(String at) {
                return read.add("reset " + at);
            }
        };
        while (reader.read(into)) {
            // until nothing follows
        }
        return read;
    }

    private static String epochOf(String cursor) {
        return cursor.substring(0, cursor.lastIndexOf(':'));
    }
}
