package io.realtime.internal.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import io.realtime.spi.Backplane;
import io.realtime.spi.StoredEvent;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InMemoryBackplaneTest {

    /** Records what a topic's listener receives; the backplane promises not to call it concurrently. */
    static final class Recording implements Backplane.Listener {
        final List<StoredEvent> events = new ArrayList<>();
        String epoch;
        long head = -1;

        @Override
        public void onEvent(StoredEvent event) {
            events.add(event);
        }

        @Override
        public void onReset(String epoch, long head) {
            this.epoch = epoch;
            this.head = head;
        }
    }

    @Test
    void attachStartsAnEpochAtOffsetZero() {
        try (InMemoryBackplane backplane = new InMemoryBackplane()) {
            Recording listener = new Recording();
            backplane.attach("t", listener);
            assertThat(listener.epoch).matches("[A-Za-z0-9_-]{1,64}");
            assertThat(listener.head).isZero();
            StoredEvent first = backplane.publish("t", "message", new byte[] {'1'});
            assertThat(first.offset()).isEqualTo(1);
            assertThat(first.epoch()).isEqualTo(listener.epoch);
            assertThat(listener.events).containsExactly(first);
        }
    }

    @Test
    void aTopicAttachedAgainContinuesItsEpochFromItsHead() {
        try (InMemoryBackplane backplane = new InMemoryBackplane()) {
            Recording first = new Recording();
            Backplane.Attachment attachment = backplane.attach("t", first);
            assertThatIllegalStateException().isThrownBy(() -> backplane.attach("t", new Recording()));
            backplane.publish("t", "message", new byte[] {'1'});
            backplane.publish("t", "message", new byte[] {'2'});
            attachment.close();
            attachment.close();
            assertThatIllegalStateException().isThrownBy(() -> backplane.publish("t", "message", new byte[0]));
            Recording second = new Recording();
            backplane.attach("t", second);
            assertThat(second.epoch).isEqualTo(first.epoch);
            assertThat(second.head).isEqualTo(2);
            assertThat(backplane.publish("t", "message", new byte[] {'3'}).offset())
                    .isEqualTo(3);
        }
    }

    @Test
    void aTopicWhoseRemnantWasForgottenStartsANewEpoch() {
        try (InMemoryBackplane backplane = new InMemoryBackplane(new Remnants(1, 60_000))) {
            Recording first = new Recording();
            Backplane.Attachment attachment = backplane.attach("t", first);
            backplane.publish("t", "message", new byte[] {'1'});
            attachment.close();
            backplane.attach("other", new Recording()).close(); // the one remnant kept is now other's
            Recording second = new Recording();
            backplane.attach("t", second);
            assertThat(second.epoch).isNotEqualTo(first.epoch);
            assertThat(second.head).isZero();
        }
    }

    @Test
    void concurrentPublishersGetOneGapFreeOrderThatKeepsEachPublishersOwnOrder() throws Exception {
        int publishers = 8;
        int each = 5_000;
        try (InMemoryBackplane backplane = new InMemoryBackplane()) {
            Recording listener = new Recording();
            backplane.attach("t", listener);
            ExecutorService pool = Executors.newFixedThreadPool(publishers);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<List<Long>>> returned = new ArrayList<>();
            for (int p = 0; p < publishers; p++) {
                int publisher = p;
                returned.add(pool.submit(() -> {
                    go.await();
                    List<Long> offsets = new ArrayList<>(each);
                    for (int i = 0; i < each; i++) {
                        byte[] data = ByteBuffer.allocate(8)
                                .putInt(publisher)
                                .putInt(i)
                                .array();
                        offsets.add(backplane.publish("t", "message", data).offset());
                    }
                    return offsets;
                }));
            }
            go.countDown();
            List<List<Long>> offsets = new ArrayList<>();
            for (Future<List<Long>> future : returned) {
                offsets.add(future.get(60, TimeUnit.SECONDS));
            }
            pool.shutdown();

            assertThat(listener.events).hasSize(publishers * each);
            int[] nextOf = new int[publishers];
            for (int i = 0; i < listener.events.size(); i++) {
                StoredEvent event = listener.events.get(i);
                assertThat(event.offset()).isEqualTo(i + 1L);
                ByteBuffer data = ByteBuffer.wrap(event.data());
                int publisher = data.getInt();
                assertThat(data.getInt()).isEqualTo(nextOf[publisher]);
                assertThat(offsets.get(publisher).get(nextOf[publisher])).isEqualTo(event.offset());
                nextOf[publisher]++;
            }
        }
    }
}
