package io.realtime.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.jetty.RealtimeServer;
import io.realtime.runtime.RealtimeConfig;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * A node's readiness follows Redis: when the {@code redis-server} goes away, {@code /realtime/health} answers
 * {@code 503} with the backplane down within about the probe's second; when it is back, {@code 200} again.
 */
class ReadinessTest {

    private static final String UP = "{\"status\":\"up\",\"state\":\"running\",\"backplane\":\"up\"}";
    private static final String DOWN = "{\"status\":\"down\",\"state\":\"running\",\"backplane\":\"down\"}";

    @Test
    void aLostRedisMakesTheNodeNotReadyUntilItIsBack() {
        try (RedisProcess redis = RedisProcess.start();
                RealtimeServer node = RealtimeServer.builder()
                        .config(RealtimeConfig.builder()
                                .backplane(RedisBackplane.builder(redis.url())
                                        .timeout(Duration.ofSeconds(1))
                                        .build())
                                .healthEndpoint(true)
                                .build())
                        .services(Feeds.class)
                        .start()) {
            assertThat(answer(node)).isEqualTo(new Answer(200, UP));

            redis.kill();
            assertThat(awaitAnswer(node, 503)).isEqualTo(new Answer(503, DOWN));

            redis.restart();
            assertThat(awaitAnswer(node, 200)).isEqualTo(new Answer(200, UP));
        }
    }

    private record Answer(int status, String body) {}

    private static Answer awaitAnswer(RealtimeServer node, int status) {
        AtomicReference<Answer> last = new AtomicReference<>();
        Nodes.await(
                () -> {
                    last.set(answer(node));
                    if (last.get().status() == status) {
                        return true;
                    }
                    LockSupport.parkNanos(Duration.ofMillis(50).toNanos()); // ask gently: a probe a second
                    return false;
                },
                () -> "/realtime/health to answer " + status + ", last " + last.get());
        return last.get();
    }

    private static Answer answer(RealtimeServer node) {
        try {
            HttpResponse<String> response = node.client()
                    .send(
                            HttpRequest.newBuilder(node.uri().resolve("/realtime/health"))
                                    .timeout(Duration.ofSeconds(10))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new AssertionError("GET /realtime/health failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
