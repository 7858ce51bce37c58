package io.realtime.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.realtime.Topic;
import io.realtime.spi.BackplaneException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/** Publishing through a node while Redis fails and comes back, as the fault tests do it. */
final class Publishing {

    private static final Duration FAIL_FAST = Duration.ofSeconds(2);

    private Publishing() {}

    /** A bound, not a benchmark: the caller must not hang while Redis is away. */
    static void assertPublishFailsFast(Topic<Integer> topic) {
        long start = System.nanoTime();
        Throwable failure = catchThrowable(() -> topic.publish(-1));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(failure).isInstanceOf(BackplaneException.class);
        assertThat(((BackplaneException) failure).status()).isEqualTo(503);
        assertThat(((BackplaneException) failure).code()).isEqualTo("backplane_unavailable");
        assertThat(took).isLessThan(FAIL_FAST);
    }

    /** Publishes {@code value} as soon as the node has found Redis again, which it does by itself. */
    static String publishWhenBack(Topic<Integer> topic, int value) {
        return publishWhenBack(topic, value, Duration.ofSeconds(10));
    }

    /** Publishes {@code value} as soon as the node can, waiting at most {@code wait}. */
    static String publishWhenBack(Topic<Integer> topic, int value, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            try {
                return topic.publish(value);
            } catch (BackplaneException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("The node could not publish again within " + wait, notYet);
                }
                LockSupport.parkNanos(Duration.ofMillis(10).toNanos()); // each attempt fails fast: ask gently
            }
        }
    }

    /** Publishes {@code from} to {@code to - 1}: @return their cursors */
    static List<String> publish(Topic<Integer> topic, int from, int to) {
        List<String> cursors = new ArrayList<>();
        for (int i = from; i < to; i++) {
            cursors.add(topic.publish(i));
        }
        return cursors;
    }

    static String epochOf(String cursor) {
        return cursor.substring(0, cursor.indexOf(':'));
    }
}
