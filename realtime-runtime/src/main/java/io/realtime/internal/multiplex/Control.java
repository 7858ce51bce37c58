package io.realtime.internal.multiplex;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A frame that changes a shared connection's subscriptions, as a WebSocket text frame or the body of a {@code POST}
 * (docs/protocol.md, "Subscriptions"): {@code {"subscriptions":{...},"subscribe":{...},"unsubscribe":[...]}}, and
 * {@code "stop":[...]} for subscriptions that follow runs (docs/protocol.md, "Runs"), with
 * the connection's name or last cursor on the requests that need one. Unknown members are ignored, for later
 * versions of the protocol.
 *
 * @param connection the name of the connection a control {@code POST} changes, or {@code null}
 * @param cursor the cursor of a poll's connection, {@code <id>:<n>}, or {@code null}
 * @param subscriptions the whole set, or {@code null} when the frame does not give it
 * @param subscribe subscriptions to add, by id, in the frame's order
 * @param unsubscribe ids of subscriptions to end
 * @param stop ids of subscriptions whose runs to stop
 */
record Control(
        String connection,
        String cursor,
        Map<String, Wanted> subscriptions,
        Map<String, Wanted> subscribe,
        List<String> unsubscribe,
        List<String> stop) {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final int MAX_PATH = 2048;

    /**
     * One subscription the client asks for.
     *
     * @param path the endpoint's path, context-relative and percent-encoded, or {@code null} when malformed
     * @param cursor where to resume, or {@code null} for "from now"
     * @param token the tab token of the tab it belongs to, or {@code null} for the connection's
     * @param problem why it cannot be served as asked, or {@code null}
     */
    record Wanted(String path, String cursor, String token, String problem) {}

    /** A frame that is not a control frame; the message says what is wrong, without repeating the input. */
    static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    /** @return whether {@code id} may name a subscription: 1 to 64 characters of {@code [A-Za-z0-9_.-]} */
    static boolean validId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    static Control parse(ObjectMapper mapper, String text) throws Malformed {
        JsonNode root;
        try {
            root = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new Malformed("The frame is not valid JSON: " + e.getOriginalMessage());
        }
        return of(root);
    }

    /** Reads a frame already parsed, such as a WebSocket frame that turned out not to be a message. */
    static Control of(JsonNode root) throws Malformed {
        if (root == null || !root.isObject()) {
            throw new Malformed("A control frame is a JSON object {\"subscribe\":{...},\"unsubscribe\":[...]}");
        }
        Map<String, Wanted> set = root.has("subscriptions") ? wanted(root.get("subscriptions"), "subscriptions") : null;
        Map<String, Wanted> add = root.has("subscribe") ? wanted(root.get("subscribe"), "subscribe") : Map.of();
        return new Control(
                text(root, "connection"),
                text(root, "cursor"),
                set,
                add,
                ids(root.get("unsubscribe"), "unsubscribe"),
                ids(root.get("stop"), "stop"));
    }

    private static Map<String, Wanted> wanted(JsonNode node, String member) throws Malformed {
        if (!node.isObject()) {
            throw new Malformed("\"" + member + "\" must be an object of subscriptions by id");
        }
        Map<String, Wanted> wanted = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            if (!validId(entry.getKey())) {
                throw new Malformed("A subscription id is 1 to 64 characters of [A-Za-z0-9_.-]");
            }
            wanted.put(entry.getKey(), one(entry.getValue()));
        }
        return Collections.unmodifiableMap(wanted);
    }

    private static Wanted one(JsonNode node) {
        if (!node.isObject()) {
            return new Wanted(null, null, null, "A subscription is an object {\"path\":...}");
        }
        JsonNode path = node.get("path");
        JsonNode cursor = node.get("cursor");
        JsonNode token = node.get("token");
        if (path == null || !path.isTextual()) {
            return new Wanted(null, null, null, "A subscription needs a \"path\"");
        }
        String p = path.asText();
        if (!p.startsWith("/") || p.length() > MAX_PATH || p.indexOf('?') >= 0 || p.indexOf('#') >= 0) {
            return new Wanted(
                    null,
                    null,
                    null,
                    "A subscription's path starts with '/', has no query and at most " + MAX_PATH + " characters");
        }
        if ((cursor != null && !cursor.isNull() && !cursor.isTextual())
                || (token != null && !token.isNull() && !token.isTextual())) {
            return new Wanted(null, null, null, "A subscription's \"cursor\" and \"token\" are strings");
        }
        String resume = cursor == null || cursor.isNull() || cursor.asText().isEmpty() ? null : cursor.asText();
        String tab = token == null || token.isNull() || token.asText().isEmpty() ? null : token.asText();
        return new Wanted(p, resume, tab, null);
    }

    private static List<String> ids(JsonNode node, String member) throws Malformed {
        if (node == null) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new Malformed("\"" + member + "\" must be an array of subscription ids");
        }
        List<String> ids = new ArrayList<>();
        for (JsonNode id : node) {
            if (!id.isTextual() || !validId(id.asText())) {
                throw new Malformed("A subscription id is 1 to 64 characters of [A-Za-z0-9_.-]");
            }
            ids.add(id.asText());
        }
        return List.copyOf(ids);
    }

    private static String text(JsonNode root, String member) throws Malformed {
        JsonNode node = root.get(member);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new Malformed("\"" + member + "\" must be a string");
        }
        return node.asText();
    }
}
