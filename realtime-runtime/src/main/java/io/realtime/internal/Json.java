package io.realtime.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.realtime.RealtimeException;
import java.nio.charset.StandardCharsets;

/** The application's Jackson mapper, and the few JSON fragments the runtime writes itself. */
public final class Json {

    private static final System.Logger LOG = System.getLogger(Json.class.getName());

    private final ObjectMapper mapper;

    public Json(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    /**
     * The mapper of an application that gives none: {@code java.time} values as ISO-8601 text (an {@code Instant} as
     * {@code "2026-12-04T15:00:00Z"}) and {@code Optional} as its value or {@code null}, as a Spring Boot application's
     * mapper writes them, so that the types records commonly hold work without configuration; and unknown properties
     * ignored in messages, as docs/protocol.md says of every field, so that clients may evolve before the server.
     */
    public static ObjectMapper defaultMapper() {
        JsonMapper.Builder builder = JsonMapper.builder();
        module("com.fasterxml.jackson.datatype.jsr310.JavaTimeModule").ifPresent(builder::addModule);
        module("com.fasterxml.jackson.datatype.jdk8.Jdk8Module").ifPresent(builder::addModule);
        return builder.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }

    /**
     * Loads a Jackson module by name: a platform that puts its own, older Jackson ahead of the application's (WildFly)
     * cannot link the application's module against it, and the mapper then goes without it rather than fail.
     */
    private static java.util.Optional<com.fasterxml.jackson.databind.Module> module(String className) {
        try {
            Object module = Class.forName(className, true, Json.class.getClassLoader())
                    .getDeclaredConstructor()
                    .newInstance();
            return java.util.Optional.of((com.fasterxml.jackson.databind.Module) module);
        } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
            System.getLogger(Json.class.getName())
                    .log(System.Logger.Level.WARNING, "Jackson module " + className + " not usable here: " + e);
            return java.util.Optional.empty();
        }
    }

    /**
     * Serialises a value.
     *
     * @param value the value
     * @return UTF-8 JSON
     * @throws RealtimeException if Jackson cannot serialise it
     */
    public byte[] bytes(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            // The class and Jackson's reason are for the server's log alone: the client learns the code.
            LOG.log(
                    System.Logger.Level.WARNING,
                    "Cannot serialise a " + value.getClass().getName() + " as JSON: " + e.getOriginalMessage(),
                    e);
            throw new Unserialisable(e);
        }
    }

    /**
     * The body of every HTTP error: {@code {"error":{"code":...,"message":...}}}.
     *
     * @param code the machine-readable code
     * @param message the human-readable message
     * @return UTF-8 JSON
     */
    public static byte[] error(String code, String message) {
        return ("{\"error\":{\"code\":" + quote(code) + ",\"message\":" + quote(message) + "}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A frame of one subscription of a shared connection: the frame a connection of its own would carry, with
     * {@code "sub"} as its first member (docs/protocol.md, "Shared connections").
     *
     * @param sub the subscription's id, or {@code null} for a connection of its own
     * @param object a JSON object, {@code {...}}
     * @return the object, tagged when {@code sub} is given
     */
    public static String tagged(String sub, String object) {
        return sub == null ? object : "{\"sub\":" + quote(sub) + ',' + object.substring(1);
    }

    /** {@link #tagged(String, String)} on UTF-8 bytes. */
    public static byte[] tagged(String sub, byte[] object) {
        if (sub == null) {
            return object;
        }
        byte[] head = ("{\"sub\":" + quote(sub) + ',').getBytes(StandardCharsets.UTF_8);
        byte[] tagged = new byte[head.length + object.length - 1];
        System.arraycopy(head, 0, tagged, 0, head.length);
        System.arraycopy(object, 1, tagged, head.length, object.length - 1);
        return tagged;
    }

    /**
     * A JSON string literal.
     *
     * @param text the text
     * @return the quoted, escaped text
     */
    public static String quote(String text) {
        return '"' + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + '"';
    }

    /** Jackson could not serialise a value given to the runtime. */
    static final class Unserialisable extends RealtimeException {
        private static final long serialVersionUID = 1L;

        Unserialisable(Throwable cause) {
            super(500, "unserialisable", "A value could not be written as JSON; the server log says why", cause);
        }
    }
}
