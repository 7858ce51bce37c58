package io.realtime.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.redis.ListenerRecorder.Call;
import io.realtime.spi.Backplane;
import io.realtime.spi.StoredEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Publishes racing on two nodes get one gap-free numbering, and both nodes see the same sequence. */
class GlobalOffsetsTest {

    private static final int PER_THREAD = 500;
    private static final int THREADS_PER_NODE = 2;

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
    void concurrentPublishersOnTwoNodesShareOneSequence() throws Exception {
        int total = PER_THREAD * THREADS_PER_NODE * 2;
        try (RedisBackplane a = RedisBackplane.create(redis.url());
                RedisBackplane b = RedisBackplane.create(redis.url())) {
            ListenerRecorder onA = new ListenerRecorder();
            ListenerRecorder onB = new ListenerRecorder();
            try (Backplane.Attachment x = a.attach("race", onA);
                    Backplane.Attachment y = b.attach("race", onB)) {
                String epoch = onA.next().epoch();
                assertThat(onB.next()).isEqualTo(new Call(epoch, 0, null));

                ConcurrentLinkedQueue<StoredEvent> published = new ConcurrentLinkedQueue<>();
                ExecutorService threads = Executors.newFixedThreadPool(THREADS_PER_NODE * 2);
                try {
                    List<Future<?>> done = new ArrayList<>();
                    for (int t = 0; t < THREADS_PER_NODE * 2; t++) {
                        RedisBackplane node = t % 2 == 0 ? a : b;
                        String source = "t" + t;
                        done.add(threads.submit(() -> {
                            for (int i = 0; i < PER_THREAD; i++) {
                                String data = "\"" + source + '-' + i + '"';
                                published.add(node.publish("race", "message", AttachTest.bytes(data)));
                            }
                        }));
                    }
                    for (Future<?> f : done) {
                        f.get();
                    }
                } finally {
                    threads.shutdownNow();
                }

                assertThat(published)
                        .extracting(StoredEvent::offset)
                        .containsExactlyInAnyOrderElementsOf(
                                LongStream.rangeClosed(1, total).boxed().toList());
                List<Call> seenOnA = onA.next(total);
                List<Call> seenOnB = onB.next(total);
                assertThat(seenOnA)
                        .extracting(Call::offset)
                        .containsExactlyElementsOf(
                                LongStream.rangeClosed(1, total).boxed().toList());
                assertThat(seenOnB).isEqualTo(seenOnA);
                for (StoredEvent event : published) {
                    Call call = seenOnA.get((int) event.offset() - 1);
                    assertThat(call.data())
                            .isEqualTo(new String(event.data(), java.nio.charset.StandardCharsets.UTF_8));
                }
                onA.assertNothingMore(Duration.ofMillis(300));
                onB.assertNothingMore(Duration.ofMillis(100));
            }
        }
    }
}
