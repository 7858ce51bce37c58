package io.realtime.jetty.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.realtime.testing.ContainerServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.IntStream;

/** Waits on the server's side of the browser tests, with a deadline. */
final class Awaits {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private Awaits() {}

    static void subscriptions(ContainerServer server, int count) {
        until(server, "subscriptions == " + count, stats -> stats.subscriptions() == count);
    }

    static void connections(ContainerServer server, int count) {
        until(server, "connections == " + count, stats -> stats.connections() == count);
    }

    /** Waits until the server holds {@code connections} connections carrying {@code subscriptions} shared ones. */
    static void shared(ContainerServer server, int connections, int subscriptions) {
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

    /**
     * Asserts that a handle's log holds the events 1 to {@code cursors.size()} once each, in order, with the cursors
     * they were published at, and no {@code reset}: what a page shows after resuming without loss.
     */
    static void everyEventOnceInOrder(JsonNode log, List<String> cursors) {
        everyEventOnceInOrder("the handle", log, cursors);
    }

    /** As {@link #everyEventOnceInOrder(JsonNode, List)}, naming the handle in a failure. */
    static void everyEventOnceInOrder(String handle, JsonNode log, List<String> cursors) {
        List<Integer> data = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        log.path("events").forEach(event -> {
            data.add(event.path("data").asInt());
            ids.add(event.path("id").asText());
        });
        assertThat(data)
                .isEqualTo(IntStream.rangeClosed(1, cursors.size()).boxed().toList());
        assertThat(ids).isEqualTo(cursors);
        assertThat(log.path("resets").size()).isZero();
    }

    /** @return how many times a handle's log shows the breaker's {@code paused} state */
    static int pauses(JsonNode log) {
        return Collections.frequency(texts(log.path("states")), "paused");
    }

    static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    private static void until(
            ContainerServer server, String what, Predicate<io.realtime.runtime.RealtimeStats> condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.test(server.stats())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Expected " + what + ", have " + server.stats());
            }
            Thread.onSpinWait();
        }
    }
}
