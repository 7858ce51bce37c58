package io.realtime.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.realtime.jetty.RealtimeServer;
import io.realtime.jetty.SharedSessions;
import io.realtime.runtime.RealtimeConfig;
import io.realtime.runtime.TokenKey;
import io.realtime.testing.SseRecorder;
import io.realtime.testing.Visitor;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The admin page shows every node of the backplane (docs/observability.md, "Admin page"): two nodes on one Redis
 * each publish their snapshots to the page's topic, so the feed of either carries both, each with its own counts.
 */
class AdminAcrossNodesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final SharedSessions sessions = SharedSessions.create();

    @Test
    void theFeedOfOneNodeCarriesTheSnapshotsOfEveryNode() throws Exception {
        try (RedisProcess redis = RedisProcess.start();
                RealtimeServer a = node(redis);
                RealtimeServer b = node(redis)) {
            Visitor alice = Visitor.of(a.uri()).login("alice");
            try (SseRecorder onB = b.sse("/feed/prices");
                    SseRecorder feed = alice.tab().sse("/realtime/admin/live")) {
                assertThat(feed.status()).isEqualTo(200);
                Set<String> nodes = new HashSet<>();
                boolean sawPricesOnB = false;
                long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
                while ((nodes.size() < 2 || !sawPricesOnB) && System.nanoTime() < deadline) {
                    JsonNode snapshot =
                            JSON.readTree(feed.next(Duration.ofSeconds(5)).data());
                    nodes.add(snapshot.path("node").asText());
                    sawPricesOnB |=
                            snapshot.path("topics").findValuesAsText("name").contains("prices");
                }
                assertThat(nodes)
                        .as("the snapshots of both nodes, on node A's feed")
                        .hasSize(2);
                assertThat(sawPricesOnB)
                        .as("node B's own topic, in its snapshot")
                        .isTrue();
            }
        }
    }

    private RealtimeServer node(RedisProcess redis) {
        RealtimeConfig config = RealtimeConfig.builder()
                .backplane(RedisBackplane.create(redis.url()))
                .tokenKeys(List.of(TokenKey.of("shared", new byte[32])))
                .adminRoles(Set.of("user:alice"))
                .build();
        return RealtimeServer.builder()
                .config(config)
                .sessionStore(sessions)
                .users("alice")
                .services(Feeds.class)
                .start();
    }
}
