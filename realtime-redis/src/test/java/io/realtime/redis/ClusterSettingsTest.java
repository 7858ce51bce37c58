package io.realtime.redis;

import static io.realtime.redis.AttachTest.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.realtime.redis.ListenerRecorder.Call;
import io.realtime.spi.BackplaneException;
import io.realtime.spi.StoredEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A cluster is found from seed URLs, with the first seed's credentials and TLS applied to every node; seeds that
 * cannot name a cluster node are refused.
 */
class ClusterSettingsTest {

    @Test
    void aPasswordInTheSeedUrlAuthenticatesWithEveryNode() {
        try (RedisCluster cluster =
                RedisCluster.start(3, 0, Duration.ofSeconds(5), "--requirepass", "s3cret", "--masterauth", "s3cret")) {
            String port = cluster.urls().get(0).substring(cluster.urls().get(0).lastIndexOf(':') + 1);
            try (RedisBackplane node = RedisBackplane.cluster("redis://:s3cret@127.0.0.1:" + port)) {
                assertRoundTrips(node, cluster.topicsOnEveryMaster("secret-"));
            }
            assertThatThrownBy(() -> RedisBackplane.cluster("redis://:wrong-guess@127.0.0.1:" + port))
                    .isInstanceOf(BackplaneException.class)
                    .hasMessageStartingWith("Could not connect to Redis")
                    .message()
                    .doesNotContain("wrong-guess");
        }
    }

    @Test
    void tlsIsChosenByTheSeedUrlAndConfiguredByClientOptions() {
        try (Certificates tls = Certificates.create();
                RedisCluster cluster = RedisCluster.startWithTls(3, tls)) {
            try (RedisBackplane node = RedisBackplane.clusterBuilder(
                            cluster.urls().get(0))
                    .clientOptions(tls.trusting())
                    .build()) {
                // Enough topics to reach every master, none of which is found by the test over TLS.
                assertRoundTrips(
                        node, IntStream.range(0, 12).mapToObj(i -> "tls-" + i).toList());
            }
            assertThatThrownBy(() -> RedisBackplane.cluster(cluster.urls().get(0)))
                    .as("a server certificate the JVM does not trust")
                    .isInstanceOf(BackplaneException.class);
        }
    }

    @Test
    void anUnreachableSeedIsPassedOverForOneThatAnswers() {
        int nobody = RedisProcess.freePort();
        try (RedisCluster cluster = RedisCluster.start(3, 0, Duration.ofSeconds(5));
                RedisBackplane node = RedisBackplane.cluster(
                        "redis://127.0.0.1:" + nobody, cluster.urls().get(1))) {
            assertRoundTrips(node, cluster.topicsOnEveryMaster("seeded-"));
        }
        assertThatThrownBy(() -> RedisBackplane.cluster("redis://127.0.0.1:" + nobody))
                .isInstanceOf(BackplaneException.class)
                .hasMessageStartingWith("Could not connect to Redis");
    }

    @Test
    void seedsThatCannotNameAClusterNodeAreRefused() {
        assertThatThrownBy(() -> RedisBackplane.cluster())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one seed");
        assertThatThrownBy(() -> RedisBackplane.cluster("redis://127.0.0.1:7000/3"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("database 0");
        assertThatThrownBy(() -> RedisBackplane.cluster("redis-sentinel://127.0.0.1:26379#mymaster"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("host and port");
        assertThatThrownBy(() -> RedisBackplane.cluster("http://127.0.0.1:7000"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("redis://");
        assertThatThrownBy(() -> RedisBackplane.cluster("redis://:hunter2@[broken"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasNoCause()
                .message()
                .doesNotContain("hunter2");
    }

    private static void assertRoundTrips(RedisBackplane node, List<String> topics) {
        Map<String, ListenerRecorder> listeners = ClusterTopicsTest.attach(node, topics);
        for (String topic : topics) {
            StoredEvent event = node.publish(topic, "message", bytes("{}"));
            assertThat(listeners.get(topic).next()).isEqualTo(new Call(event.epoch(), 1, "{}"));
        }
    }
}
