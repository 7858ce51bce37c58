package io.realtime.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.realtime.testing.WebSocketRecorder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What a browser tab knows of a room's presence, kept from the {@code presence} events of its WebSocket as
 * realtime.js keeps it: the list, then each change above the list's number once, whatever their order.
 */
final class PresenceView {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final WebSocketRecorder socket;
    private final Map<String, String> members = new LinkedHashMap<>(); // id -> name
    private final Set<Long> applied = new HashSet<>();
    private final List<String> heard = new ArrayList<>(); // "join ann", "leave bob", as a client emits them
    private long seq = -1;
    private long newest = -1;
    private JsonNode occupancy;

    PresenceView(WebSocketRecorder socket) {
        this.socket = socket;
    }

    /** Reads presence events until the view satisfies the condition, failing after ten seconds. */
    PresenceView await(String what, Predicate<PresenceView> condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.test(this)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("Timed out waiting for " + what + "; the view is " + this);
            }
            String frame = socket.next(Duration.ofNanos(left));
            try {
                apply(JSON.readTree(frame));
            } catch (JsonProcessingException e) {
                throw new AssertionError("Not JSON: " + frame, e);
            }
        }
        return this;
    }

    List<String> names() {
        return List.copyOf(members.values());
    }

    List<String> heard() {
        return List.copyOf(heard);
    }

    int tabs() {
        return occupancy == null ? -1 : occupancy.path("tabs").asInt();
    }

    private void apply(JsonNode frame) {
        if (!"presence".equals(frame.path("event").asText())) {
            return;
        }
        JsonNode data = frame.path("data");
        long number = data.path("seq").asLong();
        if (data.has("members")) {
            Map<String, String> before = new LinkedHashMap<>(members);
            members.clear();
            data.path("members")
                    .forEach(m ->
                            members.put(m.path("id").asText(), m.path("name").asText()));
            before.forEach((id, name) -> {
                if (!members.containsKey(id)) {
                    heard.add("leave " + name);
                }
            });
            members.forEach((id, name) -> {
                if (!before.containsKey(id)) {
                    heard.add("join " + name);
                }
            });
            seq = newest = number;
            applied.clear();
        } else if (number > seq && applied.add(number)) {
            data.path("left").forEach(id -> {
                String name = members.remove(id.asText());
                if (name != null) {
                    heard.add("leave " + name);
                }
            });
            data.path("joined").forEach(m -> {
                if (members.put(m.path("id").asText(), m.path("name").asText()) == null) {
                    heard.add("join " + m.path("name").asText());
                }
            });
        } else {
            return;
        }
        if (number >= newest) {
            newest = number;
            occupancy = data.path("occupancy");
        }
    }

    @Override
    public String toString() {
        return "members " + members.values() + ", occupancy " + occupancy + ", heard " + heard;
    }
}
