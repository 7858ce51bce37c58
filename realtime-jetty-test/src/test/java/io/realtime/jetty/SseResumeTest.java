package io.realtime.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.PathParam;
import io.realtime.Stream;
import io.realtime.Topic;
import io.realtime.Topics;
import io.realtime.runtime.RealtimeConfig;
import io.realtime.testing.Await;
import io.realtime.testing.SseEvent;
import io.realtime.testing.SseRecorder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Resuming with a cursor replays exactly the missed events, or says {@code reset}; never a gap, never a 500. */
class SseResumeTest {

    public static class Feed {
        private final Topics topics;

        public Feed(Topics topics) {
            this.topics = topics;
        }

        @Stream("/feed/{name}")
        public Topic<Integer> feed(@PathParam("name") String name) {
            return topics.get(name);
        }
    }

    @RegisterExtension
    static final RealtimeServerExtension server = RealtimeServerExtension.of(Feed.class);

    @Test
    void aClientThatMissedAThousandEventsGetsExactlyThoseInOrder() {
        Topic<Integer> topic = server.get().topics().get("thousand");
        int k = 7;
        String lastSeen;
        try (SseRecorder sse = subscribe("/feed/thousand", "thousand")) {
            List<String> cursors = publish(topic, 1, k);
            List<SseEvent> received = sse.next(k);
            assertThat(received).extracting(SseEvent::data).containsExactlyElementsOf(numbers(1, k));
            lastSeen = received.get(k - 1).id();
            assertThat(lastSeen).isEqualTo(cursors.get(k - 1)).isEqualTo(sse.lastEventId());
        }
        List<String> missed = publish(topic, k + 1, k + 1000);

        try (SseRecorder sse = server.get().sse("/feed/thousand", lastSeen)) {
            List<SseEvent> replayed = sse.next(1000);
            assertThat(replayed).extracting(SseEvent::event).containsOnly("message");
            assertThat(replayed).extracting(SseEvent::data).containsExactlyElementsOf(numbers(k + 1, k + 1000));
            assertThat(replayed).extracting(SseEvent::id).containsExactlyElementsOf(missed);
            sse.assertNoMoreEvents(Duration.ofMillis(300));
            String live = topic.publish(-1);
            assertThat(sse.next()).isEqualTo(new SseEvent(live, "message", "-1"));
        }
    }

    @Test
    void theLastEventIdQueryParameterResumesLikeTheHeader() {
        Topic<Integer> topic = server.get().topics().get("query");
        List<String> cursors = publish(topic, 1, 5);
        try (SseRecorder sse = server.get().sse("/feed/query?lastEventId=" + encode(cursors.get(1)))) {
            assertThat(sse.next(3)).extracting(SseEvent::data).containsExactly("3", "4", "5");
            sse.assertNoMoreEvents(Duration.ofMillis(200));
        }
    }

    @Test
    void theHeaderWinsOverTheQueryParameter() {
        Topic<Integer> topic = server.get().topics().get("both");
        List<String> cursors = publish(topic, 1, 4);
        try (SseRecorder sse = server.get()
                .sse("/feed/both?lastEventId=" + encode(cursors.get(0)), Map.of("Last-Event-ID", cursors.get(2)))) {
            assertThat(sse.next().data()).isEqualTo("4");
            sse.assertNoMoreEvents(Duration.ofMillis(200));
        }
    }

    @Test
    void aCursorThatFellOutOfTheHistoryByCountGetsAResetToTheHead() {
        Topic<Integer> topic = server.get().topics().get("count");
        List<String> early = publish(topic, 1, 3);
        List<String> later = publish(topic, 4, 1003);
        String head = later.get(later.size() - 1);
        assertResetTo("/feed/count", early.get(1), head, topic);
    }

    @Test
    void malformedOtherEpochAndFutureCursorsGetAReset() {
        Topic<Integer> topic = server.get().topics().get("odd");
        List<String> cursors = publish(topic, 1, 3);
        String head = cursors.get(2);
        String epoch = head.substring(0, head.indexOf(':'));
        for (String cursor : List.of("garbage", ":", "x:y:z", "otherEpoch:2", epoch + ":4", epoch + ":-1")) {
            assertResetTo("/feed/odd", cursor, head, null);
        }
        assertResetTo("/feed/odd", epoch + ":99999999999999999999", head, null);
    }

    @Test
    void anEmptyCursorIsNoCursorAsOnEveryTransport() {
        Topic<Integer> topic = server.get().topics().get("empty");
        for (String path : List.of("/feed/empty?lastEventId=", "/feed/empty")) {
            String head = publish(topic, 1, 2).get(1);
            try (SseRecorder sse = server.get().sse(path, Map.of("Last-Event-ID", ""))) {
                Await.until("where the stream starts", () -> head.equals(sse.lastEventId()), sse::lastEventId);
                String next = topic.publish(0);
                assertThat(sse.next()).as(path).isEqualTo(new SseEvent(next, "message", "0"));
            }
        }
    }

    @Test
    void aStreamDroppedBeforeItsFirstEventResumesFromWhereItStartedAndMissesNothing() {
        Topic<Integer> topic = server.get().topics().get("early");
        publish(topic, 1, 1); // before the stream: not for it
        String start;
        try (SseRecorder sse = subscribe("/feed/early", "early")) {
            Await.until("where the stream starts", () -> !sse.lastEventId().isEmpty());
            start = sse.lastEventId();
            sse.assertNoMoreEvents(Duration.ofMillis(100));
        }
        List<String> missed = publish(topic, 2, 3);
        try (SseRecorder sse = server.get().sse("/feed/early", start)) {
            assertThat(sse.next(2)).extracting(SseEvent::id).containsExactlyElementsOf(missed);
            sse.assertNoMoreEvents(Duration.ofMillis(200));
        }
    }

    @Test
    void aCursorOlderThanTheHistoryAgeGetsAReset() {
        Duration maxAge = Duration.ofMillis(400);
        try (RealtimeServer aging = RealtimeServer.builder()
                        .config(RealtimeConfig.builder().historyMaxAge(maxAge).build())
                        .services(Feed.class)
                        .start();
                SseRecorder keepsTheTopicAlive = aging.sse("/feed/age")) {
            Await.stats(aging, "a subscriber", stats -> stats.subscriptions() == 1);
            Topic<Integer> topic = aging.topics().get("age");
            List<String> cursors = publish(topic, 1, 3);
            long published = System.currentTimeMillis();
            Await.until(
                    "the events to age past " + maxAge,
                    () -> System.currentTimeMillis() > published + maxAge.toMillis() + 50);
            try (SseRecorder sse = aging.sse("/feed/age", cursors.get(0))) {
                assertThat(sse.next()).isEqualTo(reset(cursors.get(2)));
                String next = topic.publish(4);
                assertThat(sse.next()).isEqualTo(new SseEvent(next, "message", "4"));
            }
            assertThat(keepsTheTopicAlive.next(4)).extracting(SseEvent::data).containsExactly("1", "2", "3", "4");
        }
    }

    private static void assertResetTo(String path, String cursor, String head, Topic<Integer> topic) {
        try (SseRecorder sse = server.get().sse(path, cursor)) {
            assertThat(sse.status()).as("status for cursor '%s'", cursor).isEqualTo(200);
            assertThat(sse.next()).as("first event for cursor '%s'", cursor).isEqualTo(reset(head));
            if (topic != null) {
                String next = topic.publish(0);
                assertThat(sse.next()).isEqualTo(new SseEvent(next, "message", "0"));
            }
            sse.assertNoMoreEvents(Duration.ofMillis(100));
        }
    }

    private static SseEvent reset(String cursor) {
        return new SseEvent(cursor, "reset", "{\"cursor\":\"" + cursor + "\"}");
    }

    /**
     * Opens a stream and waits for its first cursor, which the server writes once the stream follows the topic: every
     * event published next comes after it. (Counting subscriptions instead raced with the close of an earlier test's
     * stream, which the server may notice only then.)
     */
    private static SseRecorder subscribe(String path, String topic) {
        SseRecorder sse = server.get().sse(path);
        Await.until(
                "the first cursor of a stream of " + topic,
                () -> !sse.lastEventId().isEmpty());
        return sse;
    }

    private static List<String> publish(Topic<Integer> topic, int from, int to) {
        List<String> cursors = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            cursors.add(topic.publish(i));
        }
        return cursors;
    }

    private static List<String> numbers(int from, int to) {
        List<String> numbers = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            numbers.add(Integer.toString(i));
        }
        return numbers;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
