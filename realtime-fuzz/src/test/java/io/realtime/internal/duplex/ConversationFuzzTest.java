package io.realtime.internal.duplex;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.realtime.Duplex;
import io.realtime.PathParam;
import io.realtime.RealtimeException;
import io.realtime.RealtimeSession;
import io.realtime.internal.Json;
import io.realtime.internal.endpoint.EndpointScanner;
import io.realtime.internal.endpoint.Route;
import io.realtime.internal.outbound.Reply;
import jakarta.servlet.http.HttpSession;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A message as a client sends it, over a WebSocket or as an uplink {@code POST} body (bytes decoded as UTF-8, as
 * the uplink does), handled by a {@code @Duplex} message method that takes a record: exactly one answer for a
 * message with a {@code ref} (its reply or an error frame with that {@code ref}), none for a successful one
 * without; errors are {@code bad_message} for what does not fit, or the method's own refusal; nothing thrown.
 * Reading a first frame as a resume frame and refusing a message never throw either.
 */
class ConversationFuzzTest {

    /** The message method's parameter: a record with a text, a number and a list, as an application's would be. */
    public record Line(String text, int count, List<String> tags) {}

    /** A message method that answers, and refuses one particular message. */
    public static final class Chat {
        @Duplex("/chat/{room}")
        public Line say(@PathParam("room") String room, Line line) {
            if ("refuse".equals(line.text())) {
                throw RealtimeException.forbidden("Refused");
            }
            return line;
        }
    }

    private static final Json JSON = new Json(new ObjectMapper());
    private static final Route ROUTE = EndpointScanner.scan(List.of(Chat.class), type -> new Chat())
            .match("/chat/lobby")
            .orElseThrow()
            .route();
    private static final Conversation CONVERSATION = new Conversation(JSON, ROUTE);
    private static final Set<String> CODES = Set.of("bad_message", "forbidden");

    @FuzzTest
    void message(FuzzedDataProvider data) {
        boolean resumeFirst = data.consumeBoolean();
        String text = new String(data.consumeRemainingAsBytes(), StandardCharsets.UTF_8);
        if (resumeFirst) {
            String cursor = CONVERSATION.resumeFrame(text);
            if (cursor != null) {
                assertThat(text).contains("\"resume\"");
            }
        }
        List<Reply> replies = new ArrayList<>();
        CONVERSATION.text(text, Map.of("room", "lobby"), new Tab(), replies::add);

        Long ref = refOf(text);
        assertThat(replies).hasSizeLessThanOrEqualTo(1);
        Reply reply = replies.isEmpty() ? null : replies.get(0);
        if (reply instanceof Reply.Error error) {
            assertThat(error.code()).isIn(CODES);
            assertThat(error.message()).isNotBlank();
            if (error.ref() != null) {
                assertThat(error.ref()).isEqualTo(ref);
            }
        } else if (reply instanceof Reply.Data answer) {
            assertThat(answer.ref()).isNotNull().isEqualTo(ref);
        } else {
            assertThat(reply).isNull();
        }
        Reply.Error refused = CONVERSATION.refuse(text, 503, "overloaded", "Busy");
        assertThat(refused.code()).isEqualTo("overloaded");
        assertThat(refused.status()).isEqualTo(503);
    }

    private static Long refOf(String text) {
        try {
            return Envelope.parse(JSON.mapper(), text).ref();
        } catch (Envelope.Malformed e) {
            return e.ref();
        }
    }

    /** A tab without a user or a cookie session. */
    private static final class Tab implements RealtimeSession {
        @Override
        public String id() {
            return "fuzzed";
        }

        @Override
        public Optional<Principal> user() {
            return Optional.empty();
        }

        @Override
        public Optional<HttpSession> httpSession() {
            return Optional.empty();
        }

        @Override
        public Optional<String> cookie(String name) {
            return Optional.empty();
        }

        @Override
        public Map<String, Object> attributes() {
            return Map.of();
        }
    }
}
