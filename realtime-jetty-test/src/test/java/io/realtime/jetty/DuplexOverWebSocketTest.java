package io.realtime.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.Connection;
import io.realtime.Duplex;
import io.realtime.PathParam;
import io.realtime.RealtimeException;
import io.realtime.Topic;
import io.realtime.Topics;
import io.realtime.testing.Await;
import io.realtime.testing.WebSocketRecorder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DuplexOverWebSocketTest {

    public record Say(String text) {}

    public record Ack(String echo, int length) {}

    public static class Chat {
        static final List<String> heard = new CopyOnWriteArrayList<>();
        private final Topics topics;

        public Chat(Topics topics) {
            this.topics = topics;
        }

        @Duplex("/chat/{room}")
        public Topic<Say> join(Connection<Say> connection, @PathParam("room") String room) {
            Topic<Say> topic = topics.get("chat:" + room);
            connection.subscribe(topic); // before the welcome, so that a client that has it is subscribed
            connection.send("welcome", new Say("hello " + room));
            return topic;
        }

        @Duplex("/chat/{room}")
        public Ack say(@PathParam("room") String room, Say message) {
            heard.add(room + ":" + message.text());
            return switch (message.text()) {
                case "boom" -> throw new IllegalStateException("a bug in the application");
                case "secret" -> throw RealtimeException.forbidden("Only members may say that");
                default -> new Ack(message.text(), message.text().length());
            };
        }
    }

    @RegisterExtension
    static final RealtimeServerExtension server = RealtimeServerExtension.of(Chat.class);

    static final Duration QUIET = Duration.ofMillis(300);

    /**
     * One conversation: each message the client sends, and the frame it gets back ({@code null}: none). The
     * fallback over {@code POST} must produce the same ({@code DuplexFallbackTest}).
     */
    static final List<String[]> CONVERSATION = List.of(
            new String[] {
                "{\"ref\":1,\"data\":{\"text\":\"hi\"}}", "{\"ref\":1,\"data\":{\"echo\":\"hi\",\"length\":2}}"
            },
            new String[] {
                "{\"ref\":2,\"data\":{\"text\":}",
                "{\"ref\":2,\"error\":{\"code\":\"bad_message\",\"message\":\"The message is not valid JSON\"}}"
            },
            new String[] {
                "{\"ref\":3,\"data\":{\"text\":[1,2]}}",
                "{\"ref\":3,\"error\":{\"code\":\"bad_message\",\"message\":\"The message data does not match"
                        + " the expected type at 'text'\"}}"
            },
            new String[] {
                "{\"ref\":4,\"data\":{\"text\":\"boom\"}}",
                "{\"ref\":4,\"error\":{\"code\":\"internal\",\"message\":\"The server failed to handle the"
                        + " request\"}}"
            },
            new String[] {
                "{\"ref\":5,\"data\":{\"text\":\"secret\"}}",
                "{\"ref\":5,\"error\":{\"code\":\"forbidden\",\"message\":\"Only members may say that\"}}"
            },
            new String[] {"{\"data\":{\"text\":\"no ref\"}}", null},
            new String[] {
                "not json", "{\"error\":{\"code\":\"bad_message\",\"message\":\"The message is not valid JSON\"}}"
            },
            new String[] {
                "{\"ref\":6,\"data\":{\"text\":\"still here\"}}",
                "{\"ref\":6,\"data\":{\"echo\":\"still here\",\"length\":10}}"
            });

    @Test
    void theConversation() {
        try (WebSocketRecorder ws = server.get().webSocket("/chat/lobby")) {
            assertThat(ws.next()).isEqualTo("{\"event\":\"welcome\",\"data\":{\"text\":\"hello lobby\"}}");
            for (String[] exchange : CONVERSATION) {
                ws.send(exchange[0]);
                if (exchange == CONVERSATION.get(0)) {
                    ws.nextStart(); // the first frame settles where the topic starts: it comes before the reply
                }
                if (exchange[1] != null) {
                    assertThat(ws.next()).as("answer to %s", exchange[0]).isEqualTo(exchange[1]);
                } else {
                    ws.assertNoMoreFrames(QUIET);
                }
            }
            ws.assertNoMoreFrames(QUIET);
            assertThat(ws.isOpen()).isTrue();
        }
        assertThat(Chat.heard).contains("lobby:no ref");
    }

    @Test
    void unreadableMessagesAreAnsweredInTheLibrarysWordsNeverJacksons() {
        try (WebSocketRecorder ws = server.get().webSocket("/chat/words?lastEventId=")) {
            ws.nextStart();
            ws.next();
            for (String unreadable : new String[] {
                "{\"ref\":1,\"data\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}",
                "{\"ref\":1,\"data\":{\"text\":" + "9".repeat(5_000) + "}}",
                "{\"ref\":1,\"data\":{\"text\":\"x\"},}",
                "{\"ref\":1,\"da\u0000ta\":1}"
            }) {
                ws.send(unreadable);
                assertThat(ws.next())
                        .as(unreadable.substring(0, Math.min(40, unreadable.length())))
                        .startsWith("{\"ref\":1,\"error\":{\"code\":\"bad_message\",\"message\":\"The message ")
                        .doesNotContainIgnoringCase("jackson")
                        .doesNotContain("Constraints", "JsonToken", "code 1", "expecting", "Unexpected character");
            }
        }
    }

    @Test
    void repliesCarryTheRefOfTheirMessage() {
        try (WebSocketRecorder ws = server.get().webSocket("/chat/lobby")) {
            assertThat(ws.subprotocol()).isEqualTo("realtime.v1");
            assertThat(ws.next()).isEqualTo("{\"event\":\"welcome\",\"data\":{\"text\":\"hello lobby\"}}");
            ws.send("{\"ref\":1,\"data\":{\"text\":\"hi\"}}");
            ws.nextStart();
            assertThat(ws.next()).isEqualTo("{\"ref\":1,\"data\":{\"echo\":\"hi\",\"length\":2}}");
            ws.send("{\"data\":{\"text\":\"again\"},\"ref\":9007199254740991}");
            assertThat(ws.next()).isEqualTo("{\"ref\":9007199254740991,\"data\":{\"echo\":\"again\",\"length\":5}}");
            ws.assertNoMoreFrames(QUIET);
        }
    }

    @Test
    void messagesAreHandledOneAtATimeInOrder() {
        try (WebSocketRecorder ws = server.get().webSocket("/chat/order?lastEventId=")) {
            ws.nextStart(); // subscribed before the welcome
            ws.next();
            List<String> expected = new ArrayList<>();
            for (int ref = 1; ref <= 20; ref++) {
                ws.send("{\"ref\":" + ref + ",\"data\":{\"text\":\"m" + ref + "\"}}");
                expected.add("{\"ref\":" + ref + ",\"data\":{\"echo\":\"m" + ref + "\",\"length\":"
                        + ("m" + ref).length() + "}}");
            }
            assertThat(ws.next(20)).containsExactlyElementsOf(expected);
            assertThat(Chat.heard.stream().filter(h -> h.startsWith("order:")).toList())
                    .containsExactlyElementsOf(expected.stream()
                            .map(e -> "order:" + e.replaceAll(".*\"echo\":\"([^\"]+)\".*", "$1"))
                            .toList());
        }
    }

    @Test
    void envelopesMustHaveDataAndAValidRef() {
        try (WebSocketRecorder ws = server.get().webSocket("/chat/errors?lastEventId=")) {
            ws.nextStart();
            ws.next();
            ws.send("{\"ref\":4}");
            assertThat(ws.next())
                    .isEqualTo(
                            "{\"ref\":4,\"error\":{\"code\":\"bad_message\",\"message\":\"A message needs \\\"data\\\""
                                    + " that is not null\"}}");
            ws.send("{\"ref\":-1,\"data\":{\"text\":\"x\"}}");
            assertThat(ws.next())
                    .isEqualTo("{\"error\":{\"code\":\"bad_message\",\"message\":\"\\\"ref\\\" must appear once, as an"
                            + " integer from 0 to 9007199254740991\"}}");
            ws.send("[1]");
            assertThat(ws.next())
                    .isEqualTo("{\"error\":{\"code\":\"bad_message\",\"message\":\"A message must be a JSON object"
                            + " {\\\"ref\\\":n,\\\"data\\\":...}\"}}");
            ws.send("{\"ref\":5,\"data\":{\"text\":\"ok\"}}");
            assertThat(ws.next()).isEqualTo("{\"ref\":5,\"data\":{\"echo\":\"ok\",\"length\":2}}");
            ws.assertNoMoreFrames(QUIET);
        }
    }

    @Test
    void aMessageWithoutRefIsHandledWithoutReply() {
        try (WebSocketRecorder ws = server.get().webSocket("/chat/silent?lastEventId=")) {
            ws.nextStart();
            ws.next();
            ws.send("{\"data\":{\"text\":\"fire and forget\"}}");
            ws.send("{\"ref\":1,\"data\":{\"text\":\"after\"}}");
            assertThat(ws.next()).isEqualTo("{\"ref\":1,\"data\":{\"echo\":\"after\",\"length\":5}}");
            assertThat(Chat.heard).containsSubsequence("silent:fire and forget", "silent:after");
            ws.send("{\"data\":{\"text\":\"boom\"}}");
            assertThat(ws.next())
                    .as("errors are reported even without a ref")
                    .isEqualTo("{\"error\":{\"code\":\"internal\",\"message\":\"The server failed to handle the"
                            + " request\"}}");
            ws.assertNoMoreFrames(QUIET);
        }
    }

    @Test
    void topicEventsArriveAsFramesWithCursors() {
        try (WebSocketRecorder ws = server.get().webSocket("/chat/events?lastEventId=")) {
            Topic<Say> topic = server.get().topics().get("chat:events");
            assertThat(ws.nextStart()).as("the head when it subscribed").endsWith(":0");
            ws.next();
            String cursor = topic.publish(new Say("first"));
            String named = topic.publish("notice", new Say("second"));
            assertThat(ws.next(2))
                    .containsExactly(
                            "{\"id\":\"" + cursor + "\",\"event\":\"message\",\"data\":{\"text\":\"first\"}}",
                            "{\"id\":\"" + named + "\",\"event\":\"notice\",\"data\":{\"text\":\"second\"}}");
            ws.assertNoMoreFrames(QUIET);
        }
    }

    @Test
    void negotiationDescribesHowToSendMessages() {
        assertThat(ProtocolExamples.withoutIdentity(
                        server.get().visitor().tab().negotiate("/chat/lobby").offer()))
                .isEqualTo("{\"protocol\":1,\"kind\":\"duplex\",\"transports\":[\"websocket\",\"sse\"],"
                        + "\"messages\":\"json\",\"replies\":true}");
    }

    @Test
    void closingTheSocketReleasesTheConnection() {
        WebSocketRecorder ws = server.get().webSocket("/chat/leaving");
        ws.next();
        assertThat(server.get().stats().connections()).isPositive();
        ws.close();
        Await.until("no connection left", () -> server.get().stats().connections() == 0);
        Await.until("no subscription left", () -> server.get().stats().subscriptions() == 0);
    }
}
