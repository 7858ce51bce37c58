package io.realtime.jetty.browser;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.realtime.jetty.RealtimeServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Waits on the server's side of the browser tests, with a deadline. */
final class Awaits {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private Awaits() {}

    static void subscriptions(RealtimeServer server, int count) {
        until(server, "subscriptions == " + count, stats -> stats.subscriptions() == count);
    }

    static void connections(RealtimeServer server, int count) {
        until(server, "connections == " + count, stats -> stats.connections() == count);
    }

    /** Waits until the server holds {@code connections} connections carrying {@code subscriptions} shared ones. */
    static void shared(RealtimeServer server, int connections, int subscriptions) {
        until(
                server,
                "connections == " + connections + " carrying " + subscriptions + " shared subscriptions",
                stats -> stats.connections() == connections && stats.sharedSubscriptions() == subscriptions);
    }

    static JsonNode json(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    private static void until(
            RealtimeServer server, String what, Predicate<io.realtime.runtime.RealtimeStats> condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.test(server.stats())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Expected " + what + ", have " + server.stats());
            }
            Thread.onSpinWait();
        }
    }
}
