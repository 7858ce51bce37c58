package io.realtime.internal.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.realtime.Topic;
import io.realtime.internal.Json;
import io.realtime.spi.Backplane;
import io.realtime.spi.StoredEvent;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TopicRegistryTest {

    /** The in-memory backplane, counting attaches: a closed Redis backplane connects again on its next attach. */
    static final class CountingBackplane implements Backplane {
        final InMemoryBackplane inner = new InMemoryBackplane();
        final AtomicInteger attaches = new AtomicInteger();
        final AtomicInteger closes = new AtomicInteger();

        @Override
        public Attachment attach(String topic, Listener listener) {
            attaches.incrementAndGet();
            return inner.attach(topic, listener);
        }

        @Override
        public StoredEvent publish(String topic, String name, byte[] data) {
            return inner.publish(topic, name, data);
        }

        @Override
        public void close() {
            closes.incrementAndGet();
            inner.close();
        }
    }

    @Test
    void aPublishAfterTheRuntimeStoppedThrowsAndAttachesNothing() {
        CountingBackplane backplane = new CountingBackplane();
        TopicRegistry topics = new TopicRegistry(Optional.of(backplane), new Json(new ObjectMapper()), 10, 60_000, 10);
        Topic<Integer> topic = topics.get("kept");
        topic.publish(1);
        assertThat(backplane.attaches).hasValue(1);

        topics.close();

        assertThat(backplane.closes).hasValue(1);
        assertThatIllegalStateException()
                .isThrownBy(() -> topic.publish(2))
                .withMessage("The realtime runtime has stopped: topic 'kept' is closed");
        assertThatIllegalStateException().isThrownBy(() -> topics.get("other").publish(3));
        assertThat(backplane.attaches).hasValue(1);
    }
}
