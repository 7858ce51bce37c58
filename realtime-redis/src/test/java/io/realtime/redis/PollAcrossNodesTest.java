package io.realtime.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.realtime.PathParam;
import io.realtime.Push;
import io.realtime.Topic;
import io.realtime.Topics;
import io.realtime.jetty.RealtimeServer;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Long-polls that alternate between nodes on every request lose nothing: no sticky sessions needed. */
class PollAcrossNodesTest {

    private static final int EVENTS = 10_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    public static class Jobs {
        private final Topics topics;

        public Jobs(Topics topics) {
            this.topics = topics;
        }

        @Push("/jobs/{name}")
        public Topic<Integer> job(@PathParam("name") String name) {
            return topics.get(name);
        }
    }

    @Test
    void everyPollOnTheOtherNodeContinuesExactly() throws Exception {
        try (RedisProcess redis = RedisProcess.start();
                RealtimeServer a = Nodes.start(redis, EVENTS, Jobs.class);
                RealtimeServer b = Nodes.start(redis, EVENTS, Jobs.class)) {
            RealtimeServer[] nodes = {a, b};
            JsonNode start = poll(a, "/jobs/alternating", null);
            assertThat(start.get("events")).isEmpty();
            String cursor = start.get("cursor").asText();
            CompletableFuture<Void> publishing = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < EVENTS; i++) {
                    nodes[i % 2].topics().get("alternating").publish(i);
                }
            });

            List<JsonNode> received = new ArrayList<>();
            int polls = 0;
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (received.size() < EVENTS && System.nanoTime() < deadline) {
                JsonNode answer = poll(nodes[++polls % 2], "/jobs/alternating", cursor);
                if (answer == null) {
                    continue; // 204: the hold ended first; ask again with the same cursor
                }
                assertThat(answer.has("reset"))
                        .as("poll %d answered %s after %d events", polls, answer, received.size())
                        .isFalse();
                answer.get("events").forEach(received::add);
                cursor = answer.get("cursor").asText();
            }
            publishing.get();

            assertThat(received)
                    .extracting(e -> e.get("data").asText())
                    .containsExactlyElementsOf(IntStream.range(0, EVENTS)
                            .mapToObj(Integer::toString)
                            .toList());
            String epoch = cursor.substring(0, cursor.indexOf(':'));
            assertThat(received)
                    .extracting(e -> e.get("id").asText())
                    .containsExactlyElementsOf(IntStream.rangeClosed(1, EVENTS)
                            .mapToObj(o -> epoch + ':' + o)
                            .toList());
            assertThat(cursor).isEqualTo(epoch + ':' + EVENTS);
            assertThat(polls).as("polls, half on each node").isGreaterThanOrEqualTo(EVENTS / 100);
            assertThat(poll(a, "/jobs/alternating", cursor, "0"))
                    .as("nothing after the last event")
                    .isNull();
            assertThat(poll(b, "/jobs/alternating", cursor, "0"))
                    .as("nothing after the last event")
                    .isNull();
        }
    }

    private static JsonNode poll(RealtimeServer node, String path, String cursor) {
        return poll(node, path, cursor, "5");
    }

    /** One long-poll; {@code null} for {@code 204}. */
    private static JsonNode poll(RealtimeServer node, String path, String cursor, String timeout) {
        String query = "?timeout=" + timeout
                + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(node.uri(path + query))
                .header("Accept", "application/json")
                .build();
        try {
            HttpResponse<byte[]> response = node.client().send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() == 204) {
                return null;
            }
            assertThat(response.statusCode())
                    .as(new String(response.body(), StandardCharsets.UTF_8))
                    .isEqualTo(200);
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("Poll failed on " + node.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
