package io.realtime.internal.longpoll;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.realtime.internal.Json;
import io.realtime.internal.metrics.ConnectionMetrics;
import io.realtime.internal.topic.TopicRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Topic polls without HTTP: answers are recorded, and the end of each hold is run by the test when it says. */
final class PollHarness implements AutoCloseable {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final long HOUR = TimeUnit.HOURS.toNanos(1);

    final TopicRegistry topics;
    final WaitingPolls waiting = new WaitingPolls();
    final HoldTimers timers = new HoldTimers();
    final AtomicInteger released = new AtomicInteger();
    final PollFormat format;

    PollHarness(int historyMaxEvents, PollFormat format) {
        this.topics = new TopicRegistry(
                Optional.empty(), new Json(MAPPER), historyMaxEvents, TimeUnit.MINUTES.toMillis(10), 100);
        this.format = format;
    }

    /** A scheduler that records each hold's expiry task instead of running it; the test runs it. */
    static final class HoldTimers extends ScheduledThreadPoolExecutor {
        final ConcurrentLinkedQueue<Runnable> expiries = new ConcurrentLinkedQueue<>();

        HoldTimers() {
            super(1);
            setRemoveOnCancelPolicy(true);
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            expiries.add(command);
            return super.schedule(() -> {}, 1, TimeUnit.HOURS);
        }

        Runnable take() {
            Runnable expiry = expiries.poll();
            assertThat(expiry).as("the poll should be waiting").isNotNull();
            return expiry;
        }
    }

    /** Records every answer a poll gets; a correct poll gets exactly one. */
    static final class Recorded implements HeldPoll.Reply {
        final List<Answer> answers = new ArrayList<>();

        @Override
        public synchronized void send(java.util.function.Supplier<Answer> answer) {
            answers.add(answer.get());
        }

        synchronized List<Answer> answers() {
            return List.copyOf(answers);
        }

        Answer only() {
            List<Answer> all = answers();
            assertThat(all).as("answers").hasSize(1);
            return all.get(0);
        }
    }

    /** A poll under test: its recorded answers and its own claim. */
    record Poll(HeldPoll held, Recorded reply) {}

    Poll poll(String topic, String cursor, long holdNanos) {
        Recorded reply = new Recorded();
        HeldPoll held = new HeldPoll(reply, released::incrementAndGet);
        TopicWait.start(
                topics,
                new TopicRegistry.Source(topic, false),
                cursor,
                held,
                format,
                ConnectionMetrics.NONE,
                waiting,
                Runnable::run,
                timers,
                holdNanos);
        return new Poll(held, reply);
    }

    /** The head cursor, as a first poll without a cursor learns it. */
    String start(String topic) {
        return cursorOf(poll(topic, null, HOUR).reply().only());
    }

    static JsonNode json(Answer answer) {
        assertThat(answer.status()).isEqualTo(200);
        try {
            return MAPPER.readTree(new String(answer.body(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String cursorOf(Answer answer) {
        return json(answer).get("cursor").asText();
    }

    static List<String> dataOf(Answer answer) {
        List<String> data = new ArrayList<>();
        json(answer).get("events").forEach(e -> data.add(e.get("data").toString()));
        return data;
    }

    @Override
    public void close() {
        timers.shutdownNow();
        topics.close();
    }
}
