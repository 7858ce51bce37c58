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

        Unserialisable(Object value, Throwable cause) {
            super(
                    500,
                    "unserialisable",
                    "Cannot serialise " + value.getClass().getName() + " as JSON: " + cause.getMessage(),
                    cause);
        }
    }
}
