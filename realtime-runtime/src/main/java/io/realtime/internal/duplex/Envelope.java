package io.realtime.internal.duplex;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import java.io.IOException;

/**
 * A client's frame {@code {"ref":n,"data":...}} or {@code {"resume":"<cursor>"}} (docs/protocol.md,
 * "WebSocket"). It is read as a stream of tokens, so that a frame whose data is broken still yields the
 * {@code ref} read before it and the error reaches the right request.
 *
 * @param ref the client's number for the message, or {@code null} when it wants no reply
 * @param data the {@code data} value's tokens, decoded later into the method's type; {@code null} if absent
 * @param resume the {@code resume} cursor, or {@code null}
 */
record Envelope(Long ref, TokenBuffer data, String resume) {

    private static final System.Logger LOG = System.getLogger(Envelope.class.getName());

    /** JavaScript's {@code Number.MAX_SAFE_INTEGER}: larger refs would not survive a browser's JSON.parse. */
    static final long MAX_REF = (1L << 53) - 1;

    /** A frame that is not an envelope; {@link #ref()} is the ref read before the problem, if any. */
    static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;
        private final Long ref;

        Malformed(Long ref, String message) {
            super(message, null, false, false);
            this.ref = ref;
        }

        Long ref() {
            return ref;
        }
    }

    /** @return whether this is a resume frame: {@code resume} alone */
    boolean isResume() {
        return resume != null && ref == null && data == null;
    }

    static Envelope parse(ObjectMapper mapper, String text) throws Malformed {
        Long ref = null;
        TokenBuffer data = null;
        String resume = null;
        try (JsonParser parser = mapper.createParser(text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new Malformed(null, "A message must be a JSON object {\"ref\":n,\"data\":...}");
            }
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
                if (token != JsonToken.FIELD_NAME) {
                    throw new Malformed(ref, "The message object is incomplete");
                }
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "ref" -> {
                        if (ref != null
                                || value != JsonToken.VALUE_NUMBER_INT
                                || parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                                || parser.getLongValue() < 0
                                || parser.getLongValue() > MAX_REF) {
                            throw new Malformed(ref, "\"ref\" must appear once, as an integer from 0 to " + MAX_REF);
                        }
                        ref = parser.getLongValue();
                    }
                    case "data" -> {
                        if (data != null) {
                            throw new Malformed(ref, "\"data\" must appear once");
                        }
                        data = new TokenBuffer(parser);
                        data.copyCurrentStructure(parser);
                    }
                    case "resume" -> {
                        if (value != JsonToken.VALUE_STRING) {
                            throw new Malformed(ref, "\"resume\" must be a cursor string");
                        }
                        resume = parser.getText();
                    }
                    default -> parser.skipChildren(); // unknown fields are left for later protocol versions
                }
            }
            if (parser.nextToken() != null) {
                throw new Malformed(ref, "Unexpected content after the message object");
            }
        } catch (JsonProcessingException e) {
            // Jackson's own words name its classes and limits: the client hears a stable sentence, the log the rest.
            LOG.log(System.Logger.Level.DEBUG, "Unreadable message: {0}", e.getOriginalMessage());
            throw new Malformed(ref, "The message is not valid JSON");
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "Unreadable message: {0}", e.getMessage());
            throw new Malformed(ref, "The message could not be read");
        }
        return new Envelope(ref, data, resume);
    }
}
