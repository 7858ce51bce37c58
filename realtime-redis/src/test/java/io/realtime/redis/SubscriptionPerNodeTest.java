package io.realtime.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.Stream;
import io.realtime.Topic;
import io.realtime.Topics;
import io.realtime.jetty.RealtimeServer;
import io.realtime.testing.SseEvent;
import io.realtime.testing.SseRecorder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A node listens to Redis once per topic it serves, however many clients follow the topic there. */
class SubscriptionPerNodeTest {

    private static final int CLIENTS_PER_NODE = 5;
    private static final String CHANNEL = "realtime:{shared}:live";

    public static class Feed {
        private final Topics topics;

        public Feed(Topics topics) {
            this.topics = topics;
        }

        @Stream("/shared")
        public Topic<Integer> shared() {
            return topics.get("shared");
        }
    }

    @Test
    void tenClientsOnTwoNodesMakeTwoSubscriptions() {
        List<SseRecorder> clients = new ArrayList<>();
        try (RedisProcess redis = RedisProcess.start();
                RealtimeServer a = Nodes.start(redis, 1000, Feed.class);
                RealtimeServer b = Nodes.start(redis, 1000, Feed.class)) {
            for (RealtimeServer node : List.of(a, b)) {
                for (int i = 0; i < CLIENTS_PER_NODE; i++) {
                    clients.add(node.sse("/shared"));
                }
                Nodes.await(
                        () -> node.stats().subscriptions() == CLIENTS_PER_NODE, () -> "the clients on " + node.uri());
            }

            assertThat(redis.admin().pubsubNumsub(CHANNEL)).containsEntry(CHANNEL, 2L);
            String cursor = a.topics().get("shared").publish(7);
            for (SseRecorder client : clients) {
                assertThat(client.next()).isEqualTo(new SseEvent(cursor, "message", "7"));
            }
        } finally {
            clients.forEach(SseRecorder::close);
        }
    }
}
