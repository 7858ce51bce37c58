package io.realtime.internal.duplex;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectReader;
import io.realtime.RealtimeSession;
import io.realtime.internal.Failure;
import io.realtime.internal.Json;
import io.realtime.internal.endpoint.Call;
import io.realtime.internal.endpoint.Endpoint;
import io.realtime.internal.endpoint.Route;
import io.realtime.internal.outbound.Reply;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * The message half of a {@code @Duplex} route, whatever carries the messages (a WebSocket or {@code POST}):
 * decodes a message into the method's parameter type, calls the method, and turns its result or failure into
 * the reply frame (docs/protocol.md, "WebSocket"). Bad input and failing methods are answered with an error
 * frame and change nothing else.
 */
public final class Conversation {

    /** How messages are carried, from the message parameter's type. */
    public enum Mode {
        /** The route has no message method. */
        NONE,
        /** Text envelopes {@code {"ref":n,"data":...}}, data decoded by Jackson. */
        JSON,
        /** Raw text, handed to a {@code String} parameter as is. */
        TEXT,
        /** Raw binary, handed to a {@code byte[]} parameter as is. */
        BINARY;

        /** @return the name negotiation uses */
        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final Json json;
    private final Endpoint endpoint;
    private final Mode mode;
    private final ObjectReader reader;

    public Conversation(Json json, Route route) {
        this.json = json;
        this.endpoint = route.onMessage();
        this.mode = mode(endpoint);
        this.reader =
                mode == Mode.JSON ? json.mapper().readerFor(json.mapper().constructType(endpoint.messageType())) : null;
    }

    /**
     * How a client sends a route messages, as negotiation and a shared connection's {@code subscribed} frame say it
     * (docs/protocol.md, "Negotiation"): {@code ,"messages":"json","replies":true}.
     *
     * @return the JSON members, each preceded by a comma
     */
    public static String describe(Route route) {
        Mode mode = mode(route.onMessage());
        boolean replies = mode == Mode.JSON && route.onMessage().returnsValue();
        return ",\"messages\":\"" + mode.wireName() + "\",\"replies\":" + replies;
    }

    /** @return how messages reach a route's message method, {@code null} for none */
    public static Mode mode(Endpoint endpoint) {
        if (endpoint == null) {
            return Mode.NONE;
        }
        if (endpoint.messageType() == String.class) {
            return Mode.TEXT;
        }
        return endpoint.messageType() == byte[].class ? Mode.BINARY : Mode.JSON;
    }

    public Mode mode() {
        return mode;
    }

    /** @return whether a message with a {@code ref} gets a reply when it succeeds (errors always do) */
    public boolean replies() {
        return mode == Mode.JSON && endpoint.returnsValue();
    }

    /** @return the message method, or {@code null} */
    public Endpoint endpoint() {
        return endpoint;
    }

    /**
     * Handles a text message on the calling thread, which may block in the application's method.
     *
     * @param done receives the reply once, at once or when a returned {@code CompletionStage} completes; {@code
     *     null} when the message gets none (no {@code ref}, or a method that returns nothing)
     */
    public void text(String text, Map<String, String> path, RealtimeSession tab, Consumer<Reply> done) {
        if (mode == Mode.TEXT) {
            invoke(null, text, path, tab, done);
            return;
        }
        Envelope envelope;
        try {
            envelope = Envelope.parse(json.mapper(), text);
        } catch (Envelope.Malformed e) {
            done.accept(error(e.ref(), "bad_message", e.getMessage()));
            return;
        }
        if (mode != Mode.JSON) {
            done.accept(error(envelope.ref(), "bad_message", refusal()));
            return;
        }
        Object message;
        try {
            message = envelope.data() == null
                    ? null
                    : reader.readValue(envelope.data().asParser());
        } catch (JsonProcessingException e) {
            done.accept(error(envelope.ref(), "bad_message", mismatch(e)));
            return;
        } catch (IOException e) {
            done.accept(error(envelope.ref(), "bad_message", "The message data could not be read"));
            return;
        }
        if (message == null) {
            done.accept(error(envelope.ref(), "bad_message", "A message needs \"data\" that is not null"));
            return;
        }
        invoke(envelope.ref(), message, path, tab, done);
    }

    /** Handles a binary message on the calling thread; see {@link #text}. */
    public void binary(byte[] bytes, Map<String, String> path, RealtimeSession tab, Consumer<Reply> done) {
        if (mode != Mode.BINARY) {
            done.accept(error(null, "bad_message", refusal()));
            return;
        }
        invoke(null, bytes, path, tab, done);
    }

    /**
     * Reads a WebSocket's first frame as a resume frame {@code {"resume":"<cursor>"}}.
     *
     * @return the cursor, or {@code null} when the frame is anything else
     */
    public String resumeFrame(String text) {
        if (text.isEmpty() || text.charAt(0) != '{' || !text.contains("\"resume\"")) {
            return null;
        }
        try {
            Envelope envelope = Envelope.parse(json.mapper(), text);
            return envelope.isResume() ? envelope.resume() : null;
        } catch (Envelope.Malformed e) {
            return null;
        }
    }

    /**
     * The answer to a message that will not be handled, with its ref when one can be read.
     *
     * @param text the message, or {@code null} for a binary one
     */
    public Reply.Error refuse(String text, int status, String code, String message) {
        Long ref = null;
        if (text != null && mode != Mode.TEXT) {
            try {
                ref = Envelope.parse(json.mapper(), text).ref();
            } catch (Envelope.Malformed e) {
                ref = e.ref();
            }
        }
        return new Reply.Error(ref, code, message, status);
    }

    private void invoke(Long ref, Object message, Map<String, String> path, RealtimeSession tab, Consumer<Reply> done) {
        if (endpoint.requiresPrincipal() && tab.user().isEmpty()) {
            done.accept(new Reply.Error(ref, "unauthenticated", "This endpoint requires an authenticated user", 401));
            return;
        }
        Object result;
        try {
            result = endpoint.invoke(new Call(path, tab).message(message));
        } catch (Exception | Error e) {
            done.accept(failed(ref, e));
            return;
        }
        if (result instanceof CompletionStage<?> stage) {
            stage.whenComplete((value, failure) ->
                    done.accept(failure != null ? failed(ref, unwrap(failure)) : reply(ref, value)));
        } else {
            done.accept(reply(ref, result));
        }
    }

    private Reply reply(Long ref, Object value) {
        if (ref == null || !endpoint.returnsValue()) {
            return null;
        }
        try {
            return new Reply.Data(ref, json.bytes(value));
        } catch (RuntimeException e) {
            return failed(ref, e);
        }
    }

    private Reply.Error failed(Long ref, Throwable failure) {
        Failure described = Failure.of(failure, endpoint);
        return new Reply.Error(ref, described.code(), described.message(), described.status());
    }

    /** A message that could not be read as the endpoint expects: {@code 400}. */
    private static Reply.Error error(Long ref, String code, String message) {
        return new Reply.Error(ref, code, message, 400);
    }

    private String refusal() {
        return switch (mode) {
            case NONE -> "This endpoint accepts no messages";
            case BINARY -> "This endpoint accepts binary messages only";
            default -> "This endpoint accepts text messages only";
        };
    }

    private static String mismatch(JsonProcessingException e) {
        StringBuilder at = new StringBuilder();
        if (e instanceof JsonMappingException mapping) {
            for (JsonMappingException.Reference step : mapping.getPath()) {
                if (step.getFieldName() != null) {
                    at.append(at.length() == 0 ? "" : ".").append(step.getFieldName());
                } else if (step.getIndex() >= 0) {
                    at.append('[').append(step.getIndex()).append(']');
                }
            }
        }
        return "The message data does not match the expected type" + (at.length() == 0 ? "" : " at '" + at + "'");
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
