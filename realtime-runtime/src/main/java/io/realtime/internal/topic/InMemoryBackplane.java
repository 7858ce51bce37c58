package io.realtime.internal.topic;

import io.realtime.spi.Backplane;
import io.realtime.spi.StoredEvent;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The default backplane, for a single node: it numbers each topic's events and hands them straight to the
 * topic's window, which is the only history. A topic that is evicted and comes back gets a new epoch.
 */
final class InMemoryBackplane implements Backplane {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final ConcurrentMap<String, Sequence> topics = new ConcurrentHashMap<>();

    private static final class Sequence implements Attachment {
        final String topic;
        final String epoch = newEpoch();
        final Listener listener;
        final ConcurrentMap<String, Sequence> owner;
        long head;

        Sequence(String topic, Listener listener, ConcurrentMap<String, Sequence> owner) {
            this.topic = topic;
            this.listener = listener;
            this.owner = owner;
        }

        @Override
        public void close() {
            owner.remove(topic, this);
        }
    }

    @Override
    public Attachment attach(String topic, Listener listener) {
        Sequence sequence = new Sequence(topic, listener, topics);
        if (topics.putIfAbsent(topic, sequence) != null) {
            throw new IllegalStateException("Topic '" + topic + "' is already attached");
        }
        listener.onReset(sequence.epoch, 0);
        return sequence;
    }

    @Override
    public StoredEvent publish(String topic, String name, byte[] data) {
        Sequence sequence = topics.get(topic);
        if (sequence == null) {
            throw new IllegalStateException("Topic '" + topic + "' is not attached");
        }
        // One lock per topic: numbering and appending happen together, so listeners see offsets in order.
        synchronized (sequence) {
            StoredEvent event =
                    new StoredEvent(topic, sequence.epoch, ++sequence.head, name, data, System.currentTimeMillis());
            sequence.listener.onEvent(event);
            return event;
        }
    }

    @Override
    public void close() {
        topics.clear();
    }

    static String newEpoch() {
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
