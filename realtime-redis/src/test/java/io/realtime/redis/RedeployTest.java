package io.realtime.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.jetty.RealtimeServer;
import io.realtime.testing.SseEvent;
import io.realtime.testing.SseRecorder;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An application redeployed with the same configuration, as an embedded server restarting its context does: the
 * runtime closed the backplane when the application stopped, and the new runtime connects it again. Found by the
 * chaos suite: before, every new subscription and publish after the redeployment failed with {@code 500 internal}.
 */
class RedeployTest {

    private static RedisProcess redis;

    @BeforeAll
    static void startRedis() {
        redis = RedisProcess.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @Test
    void theRestartedApplicationSubscribesPublishesAndResumes() {
        try (RealtimeServer node = Nodes.start(redis, 1000, Feeds.class)) {
            String before = node.topics().get("redeployed").publish(1);

            node.stopApplication();
            node.startApplication();

            try (SseRecorder sse = node.sse("/feed/redeployed", before)) {
                String after = node.topics().get("redeployed").publish(2);
                assertThat(sse.next()).isEqualTo(new SseEvent(after, "message", "2"));
                assertThat(Publishing.epochOf(after)).isEqualTo(Publishing.epochOf(before));
                sse.assertNoMoreEvents(Duration.ofMillis(300));
            }
        }
    }
}
