package io.realtime.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.Connection;
import io.realtime.Duplex;
import io.realtime.PathParam;
import io.realtime.Topic;
import io.realtime.Topics;
import io.realtime.testing.Await;
import io.realtime.testing.WebSocketRecorder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A WebSocket that comes back with its cursor gets exactly what it missed, or an explicit reset. */
class DuplexResumeTest {

    public record Item(int n) {}

    public static class Feeds {
        private final Topics topics;

        public Feeds(Topics topics) {
            this.topics = topics;
        }

        @Duplex("/feeds/{name}")
        public Topic<Item> follow(Connection<Item> connection, @PathParam("name") String name) {
            return topics.get("feed:" + name);
        }
    }

    @RegisterExtension
    static final RealtimeServerExtension server = RealtimeServerExtension.of(Feeds.class);

    static final Duration QUIET = Duration.ofMillis(300);

    @AfterEach
    void nothingLeft() {
        Await.until("every connection closed", () -> server.get().stats().connections() == 0);
    }

    @Test
    void aDroppedConnectionResumesFromTheQueryCursorWithExactlyTheMissedEvents() {
        Topic<Item> topic = server.get().topics().get("feed:query");
        String last;
        try (WebSocketRecorder ws = server.get().webSocket("/feeds/query?lastEventId=")) {
            awaitSubscribers(1);
            assertThat(ws.nextStart()).endsWith(":0");
            List<String> before = publish(topic, 1, 3);
            assertThat(ws.next(3)).containsExactlyElementsOf(before);
            last = cursorOf(before.get(2));
            drop(ws);
        }
        List<String> missed = publish(topic, 4, 7);
        try (WebSocketRecorder ws = server.get().webSocket("/feeds/query?lastEventId=" + last)) {
            assertThat(ws.nextStart()).isEqualTo(last);
            assertThat(ws.next(4)).containsExactlyElementsOf(missed);
            ws.assertNoMoreFrames(QUIET);
            List<String> live = publish(topic, 8, 8);
            assertThat(ws.next()).isEqualTo(live.get(0));
        }
    }

    @Test
    void aResumeFrameWorksLikeTheQueryAndLosesNothingPublishedWhileItWasAwaited() {
        Topic<Item> topic = server.get().topics().get("feed:frame");
        String last;
        try (WebSocketRecorder ws = server.get().webSocket("/feeds/frame?lastEventId=")) {
            awaitSubscribers(1);
            ws.nextStart();
            List<String> before = publish(topic, 1, 2);
            assertThat(ws.next(2)).containsExactlyElementsOf(before);
            last = cursorOf(before.get(1));
            drop(ws);
        }
        List<String> missed = new ArrayList<>(publish(topic, 3, 5));
        try (WebSocketRecorder ws = server.get().webSocket("/feeds/frame")) {
            awaitSubscribers(1);
            missed.addAll(publish(topic, 6, 7)); // after the subscription, before the resume frame
            ws.send("{\"resume\":\"" + last + "\"}");
            assertThat(ws.nextStart()).isEqualTo(last);
            assertThat(ws.next(5)).containsExactlyElementsOf(missed);
            ws.assertNoMoreFrames(QUIET);
        }
    }

    @Test
    void aResumeFrameAfterTheCursorWasSettledIsAnsweredWithAnErrorNotIgnored() {
        Topic<Item> topic = server.get().topics().get("feed:late");
        String late = "{\"error\":{\"code\":\"bad_message\",\"message\":\"The cursor was settled before this"
                + " resume frame (by lastEventId in the URL, or a second without a first frame); reconnect with the"
                + " cursor in one place\"}}";
        List<String> before = publish(topic, 1, 1);
        try (WebSocketRecorder ws = server.get().webSocket("/feeds/late?lastEventId=")) {
            assertThat(ws.nextStart()).isEqualTo(cursorOf(before.get(0)));
            ws.send("{\"resume\":\"" + cursorOf(before.get(0)) + "\"}");
            assertThat(ws.next()).isEqualTo(late);
            List<String> after = publish(topic, 2, 2);
            assertThat(ws.next()).as("delivery goes on from the URL's cursor").isEqualTo(after.get(0));
            ws.assertNoMoreFrames(QUIET);
        }
    }

    @Test
    void withoutACursorDeliveryStartsAfterAShortGraceFromWhenItSubscribed() {
        Topic<Item> topic = server.get().topics().get("feed:grace");
        List<String> before = publish(topic, 1, 2); // before the connection: not for it
        try (WebSocketRecorder ws = server.get().webSocket("/feeds/grace")) {
            awaitSubscribers(1);
            List<String> after = publish(topic, 3, 4);
            assertThat(ws.nextStart()).as("the head when it subscribed").isEqualTo(cursorOf(before.get(1)));
            assertThat(ws.next(2)).containsExactlyElementsOf(after);
            ws.assertNoMoreFrames(QUIET);
        }
    }

    @Test
    void aConnectionDroppedBeforeItsFirstEventResumesFromWhereItStartedAndMissesNothing() {
        Topic<Item> topic = server.get().topics().get("feed:early");
        publish(topic, 1, 1); // before the connection: not for it
        String start;
        try (WebSocketRecorder ws = server.get().webSocket("/feeds/early?lastEventId=")) {
            start = ws.nextStart();
            drop(ws);
        }
        List<String> missed = publish(topic, 2, 3);
        try (WebSocketRecorder ws = server.get().webSocket("/feeds/early?lastEventId=" + start)) {
            assertThat(ws.nextStart()).isEqualTo(start);
            assertThat(ws.next(2)).containsExactlyElementsOf(missed);
            ws.assertNoMoreFrames(QUIET);
        }
    }

    @Test
    void anUnknownCursorGetsAResetToTheHead() {
        Topic<Item> topic = server.get().topics().get("feed:reset");
        List<String> old = publish(topic, 1, 2);
        String head = cursorOf(old.get(1));
        String epoch = head.substring(0, head.indexOf(':'));
        for (String bad : List.of("garbage", "b3RoZXI:1", epoch + ":99")) {
            try (WebSocketRecorder ws = server.get().webSocket("/feeds/reset?lastEventId=" + bad)) {
                assertThat(ws.next()).isEqualTo(reset(head));
                awaitSubscribers(1);
                List<String> next = publish(topic, 0, 0);
                assertThat(ws.next()).as("events continue after the reset").isEqualTo(next.get(0));
                head = cursorOf(next.get(0));
                ws.assertNoMoreFrames(QUIET);
            }
            awaitSubscribers(0);
        }
        try (WebSocketRecorder ws = server.get().webSocket("/feeds/reset")) {
            ws.send("{\"resume\":\"nonsense\"}");
            assertThat(ws.next()).isEqualTo(reset(head));
            ws.assertNoMoreFrames(QUIET);
        }
    }

    /**
     * Cuts every connection from the server side and waits until the server has let go of this one. The JDK
     * client does not always notice a connection cut without a close frame, so it is aborted here too.
     */
    private static void drop(WebSocketRecorder ws) {
        assertThat(server.get().dropConnections()).isPositive();
        Await.until("the server to notice the drop", () -> server.get().stats().connections() == 0);
        awaitSubscribers(0);
        ws.abort();
    }

    private static String reset(String cursor) {
        return "{\"id\":\"" + cursor + "\",\"event\":\"reset\",\"data\":{\"cursor\":\"" + cursor + "\"}}";
    }

    /** Publishes items {@code from..to} and returns the frames a subscriber should receive for them. */
    private static List<String> publish(Topic<Item> topic, int from, int to) {
        List<String> frames = new ArrayList<>();
        for (int n = from; n <= to; n++) {
            String cursor = topic.publish(new Item(n));
            frames.add("{\"id\":\"" + cursor + "\",\"event\":\"message\",\"data\":{\"n\":" + n + "}}");
        }
        return frames;
    }

    private static String cursorOf(String frame) {
        return frame.substring("{\"id\":\"".length(), frame.indexOf("\",\"event\""));
    }

    private static void awaitSubscribers(int count) {
        Await.until(count + " subscriptions", () -> server.get().stats().subscriptions() == count);
    }
}
