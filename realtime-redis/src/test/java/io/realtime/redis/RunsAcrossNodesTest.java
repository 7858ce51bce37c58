package io.realtime.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.EventSink;
import io.realtime.PathParam;
import io.realtime.Run;
import io.realtime.Stream;
import io.realtime.Topics;
import io.realtime.jetty.RealtimeServer;
import io.realtime.testing.PollEvent;
import io.realtime.testing.PollRecorder;
import io.realtime.testing.SseEvent;
import io.realtime.testing.SseRecorder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs on Redis: retained by the run's own limits rather than the topics' history, readable whole from any node,
 * ended and stopped from any node.
 */
class RunsAcrossNodesTest {

    /** Every run, at {@code /runs/<name>}. */
    public static class Runs {

        private final Topics topics;

        public Runs(Topics topics) {
            this.topics = topics;
        }

        @Stream("/runs/{name}")
        public Run<Integer> run(@PathParam("name") String name) {
            return topics.run(name);
        }
    }

    private static final int HISTORY = 100; // a topic's; a run keeps runMaxEvents (10,000 by default)

    private static RedisProcess redis;

    @BeforeAll
    static void startRedis() {
        redis = RedisProcess.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @Test
    void aRunLongerThanTheTopicsHistoryIsReadWholeOnAnotherNode() {
        try (RealtimeServer a = Nodes.start(redis, HISTORY, Runs.class);
                RealtimeServer b = Nodes.start(redis, HISTORY, Runs.class)) {
            EventSink<Integer> producer = a.topics().<Integer>run("long").start();
            for (int i = 0; i < 5 * HISTORY; i++) {
                producer.send(i);
            }
            producer.close();

            try (SseRecorder sse = b.sse("/runs/long")) {
                List<SseEvent> events = sse.next(5 * HISTORY + 1);
                assertThat(events.subList(0, 5 * HISTORY))
                        .extracting(SseEvent::data)
                        .containsExactlyElementsOf(numbers(0, 5 * HISTORY));
                assertThat(events.get(5 * HISTORY).event()).isEqualTo("end");
                assertThat(events.get(5 * HISTORY).data()).isEqualTo("{\"reason\":\"complete\"}");
                sse.awaitEnd(Duration.ofSeconds(5));
            }
        }
    }

    @Test
    void aClientDroppingTwentyTimesAndComingBackToEitherNodeReadsEveryTokenOnce() throws Exception {
        int tokens = 2_000;
        Random random = new Random(20_261_205L);
        try (RealtimeServer a = Nodes.start(redis, HISTORY, Runs.class);
                RealtimeServer b = Nodes.start(redis, HISTORY, Runs.class)) {
            EventSink<Integer> producer = a.topics().<Integer>run("answer").start();
            // An answer generated at 50 tokens a second, for 40 s, while the client comes and goes.
            ScheduledExecutorService generator = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "generator");
                thread.setDaemon(true); // ends with the tests, whatever happens to this one
                return thread;
            });
            CompletableFuture<Void> producing = new CompletableFuture<>();
            AtomicInteger next = new AtomicInteger();
            generator.scheduleAtFixedRate(
                    () -> {
                        int i = next.getAndIncrement();
                        if (i < tokens) {
                            producer.send(i);
                        } else if (i == tokens) {
                            producer.close();
                            producing.complete(null);
                        }
                    },
                    0,
                    20,
                    TimeUnit.MILLISECONDS);

            List<String> ids = new ArrayList<>();
            List<String> data = new ArrayList<>();
            String cursor = null;
            for (int visit = 0; visit < 21; visit++) {
                RealtimeServer node = visit % 2 == 0 ? b : a;
                int count = visit == 20 ? tokens - data.size() : 1 + random.nextInt(tokens / 20);
                count = Math.min(count, tokens - data.size());
                if (visit % 4 < 2) {
                    try (SseRecorder sse =
                            cursor == null ? node.sse("/runs/answer") : node.sse("/runs/answer", cursor)) {
                        for (SseEvent event : sse.next(count)) {
                            assertThat(event.event()).isEqualTo("message");
                            ids.add(event.id());
                            data.add(event.data());
                        }
                    }
                } else {
                    try (PollRecorder poll = node.poll("/runs/answer?transport=poll&timeout=5", cursor)) {
                        for (PollEvent event : poll.next(count)) {
                            assertThat(event.event()).isEqualTo("message");
                            ids.add(event.id());
                            data.add(event.data());
                        }
                    }
                }
                cursor = ids.get(ids.size() - 1);
            }
            producing.get(60, TimeUnit.SECONDS);
            generator.shutdownNow();

            assertThat(data).containsExactlyElementsOf(numbers(0, tokens));
            String epoch = ids.get(0).substring(0, ids.get(0).indexOf(':'));
            assertThat(ids)
                    .containsExactlyElementsOf(IntStream.rangeClosed(1, tokens)
                            .mapToObj(offset -> epoch + ':' + offset)
                            .toList());
            for (RealtimeServer node : new RealtimeServer[] {a, b}) {
                try (SseRecorder after = node.sse("/runs/answer", cursor)) { // after the last token: the end at once
                    SseEvent end = after.next();
                    assertThat(end.event()).isEqualTo("end");
                    assertThat(end.id()).isEqualTo(epoch + ':' + (tokens + 1));
                    assertThat(end.data()).isEqualTo("{\"reason\":\"complete\"}");
                    after.awaitEnd(Duration.ofSeconds(5));
                }
            }
        }
    }

    @Test
    void aStopSentToAnotherNodeStopsTheProducer() throws Exception {
        try (RealtimeServer a = Nodes.start(redis, HISTORY, Runs.class);
                RealtimeServer b = Nodes.start(redis, HISTORY, Runs.class);
                SseRecorder follower = a.sse("/runs/stopped")) {
            EventSink<Integer> producer = a.topics().<Integer>run("stopped").start();
            CountDownLatch closed = new CountDownLatch(1);
            producer.onClose(closed::countDown);
            producer.send(1);
            assertThat(follower.next().data()).isEqualTo("1");

            long asked = System.nanoTime();
            HttpResponse<String> stop = b.client()
                    .send(
                            HttpRequest.newBuilder(b.uri("/runs/stopped"))
                                    .header("Realtime-Uplink", "1")
                                    .DELETE()
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(stop.statusCode()).as(stop.body()).isEqualTo(204);

            assertThat(closed.await(5, TimeUnit.SECONDS))
                    .as("the producer's sink closed")
                    .isTrue();
            // A figure for the record, not a check: the machine may be loaded.
            System.out.printf(
                    "A stop sent to node B closed the producer's sink on node A %.1f ms after the DELETE was sent%n",
                    (System.nanoTime() - asked) / 1e6);
            assertThat(producer.send(2)).isFalse();
            SseEvent end = follower.next();
            assertThat(end.event()).isEqualTo("end");
            assertThat(end.data()).isEqualTo("{\"reason\":\"stopped\"}");
        }
    }

    private static List<String> numbers(int from, int to) {
        return IntStream.range(from, to).mapToObj(Integer::toString).toList();
    }
}
