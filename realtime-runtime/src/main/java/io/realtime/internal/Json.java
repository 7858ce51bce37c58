package io.realtime.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.realtime.RealtimeException;
import java.nio.charset.StandardCharsets;

/** The application's Jackson mapper, and the few JSON fragments the runtime writes itself. */
public final class Json {

    private final ObjectMapper mapper;

    public Json(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public ObjectMapper mapper() {
        return mapper;
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
            throw new Unserialisable(value, e);
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

        Unserialisable(Object value, Throwable cause) {
            super(
                    500,
                    "unserialisable",
                    "Cannot serialise " + value.getClass().getName() + " as JSON: " + cause.getMessage(),
                    cause);
        }
    }
}
