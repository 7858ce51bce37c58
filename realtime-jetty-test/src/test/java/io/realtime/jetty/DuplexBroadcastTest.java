package io.realtime.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.Connection;
import io.realtime.Duplex;
import io.realtime.PathParam;
import io.realtime.Topic;
import io.realtime.Topics;
import io.realtime.testing.Await;
import io.realtime.testing.WebSocketRecorder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One room, many WebSockets: every member receives every message, in publish order. */
class DuplexBroadcastTest {

    static final int MEMBERS = 200;
    static final int MESSAGES = 1_000;

    public record Line(int seq) {}

    public static class Room {
        private final Topics topics;

        public Room(Topics topics) {
            this.topics = topics;
        }

        @Duplex("/rooms/{room}")
        public Topic<Line> join(Connection<Line> member, @PathParam("room") String room) {
            return topics.get("room:" + room);
        }

        @Duplex("/rooms/{room}")
        public String say(@PathParam("room") String room, Line line) {
            return topics.<Line>get("room:" + room).publish(line);
        }
    }

    @RegisterExtension
    static final RealtimeServerExtension server = RealtimeServerExtension.of(Room.class);

    @Test
    void everyMemberReceivesEveryMessageInPublishOrder() {
        List<WebSocketRecorder> members = new ArrayList<>();
        try {
            for (int i = 0; i < MEMBERS; i++) {
                WebSocketRecorder member = server.get().webSocket("/rooms/lobby?lastEventId=");
                member.nextStart();
                members.add(member);
            }
            Await.until(MEMBERS + " subscriptions", () -> server.get().stats().subscriptions() == MEMBERS);
            long start = System.nanoTime();
            WebSocketRecorder speaker = members.get(0);
            List<String> expected = new ArrayList<>(MESSAGES);
            List<String> speakerEvents = new ArrayList<>();
            for (int seq = 1; seq <= MESSAGES; seq++) {
                speaker.send("{\"ref\":" + seq + ",\"data\":{\"seq\":" + seq + "}}");
                String replyPrefix = "{\"ref\":" + seq + ",\"data\":\"";
                String frame;
                while (!(frame = speaker.next()).startsWith(replyPrefix)) {
                    speakerEvents.add(frame);
                }
                String cursor = frame.substring(replyPrefix.length(), frame.length() - 2);
                expected.add("{\"id\":\"" + cursor + "\",\"event\":\"message\",\"data\":{\"seq\":" + seq + "}}");
            }
            speakerEvents.addAll(speaker.next(MESSAGES - speakerEvents.size()));
            assertThat(speakerEvents).containsExactlyElementsOf(expected);
            for (WebSocketRecorder member : members.subList(1, MEMBERS)) {
                assertThat(member.next(MESSAGES)).containsExactlyElementsOf(expected);
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            for (WebSocketRecorder member : members) {
                member.assertNoMoreFrames(java.time.Duration.ZERO);
            }
            System.out.printf(
                    "broadcast: %d WebSockets x %d messages = %d frames delivered in %d ms%n",
                    MEMBERS, MESSAGES, MEMBERS * MESSAGES, millis);
        } finally {
            members.forEach(WebSocketRecorder::close);
        }
        Await.until("every connection closed", () -> server.get().stats().connections() == 0);
    }
}
