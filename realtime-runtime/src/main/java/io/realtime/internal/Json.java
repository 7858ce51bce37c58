package io.realtime.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
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
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .addModule(new Jdk8Module())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
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
