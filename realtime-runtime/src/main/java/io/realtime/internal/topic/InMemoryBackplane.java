package io.realtime.internal.topic;

import io.realtime.spi.Backplane;
import io.realtime.spi.StoredEvent;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The default backplane, for a single node: it numbers each topic's events and hands them straight to the
 * topic's window, which is the only history. A topic that is evicted leaves its epoch and head among the
 * {@link Remnants}, and continues them when it comes back; a topic whose remnant was forgotten, or that never
 * existed, starts a new epoch at offset 0.
 */
final class InMemoryBackplane implements Backplane {

    /** How long an evicted topic's epoch and head are kept: a day, as the Redis backplane keeps a topic's keys. */
    static final long REMNANT_MILLIS = 24L * 60 * 60 * 1000;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final ConcurrentMap<String, Sequence> topics = new ConcurrentHashMap<>();
    private final Remnants remnants;

    /** A backplane keeping as many remnants as the default topic limit (100,000), for a day. */
    InMemoryBackplane() {
        this(new Remnants(100_000, REMNANT_MILLIS));
    }

    /** @param remnants where evicted topics leave their epoch and head */
    InMemoryBackplane(Remnants remnants) {
        this.remnants = remnants;
    }

    private static final class Sequence implements Attachment {
        final String topic;
        final String epoch;
        final Listener listener;
        final InMemoryBackplane owner;
        long head; // guarded by this

        Sequence(String topic, String epoch, long head, Listener listener, InMemoryBackplane owner) {
            this.topic = topic;
            this.epoch = epoch;
            this.head = head;
            this.listener = listener;
            this.owner = owner;
        }

        @Override
        public void close() {
            if (owner.topics.remove(topic, this)) {
                synchronized (this) {
                    owner.remnants.remember(topic, epoch, head, System.currentTimeMillis());
                }
            }
        }
    }

    @Override
    public Attachment attach(String topic, Listener listener) {
        Remnants.Remnant left = remnants.recall(topic, System.currentTimeMillis());
        Sequence sequence = left == null
                ? new Sequence(topic, newEpoch(), 0, listener, this)
                : new Sequence(topic, left.epoch(), left.head(), listener, this);
        if (topics.putIfAbsent(topic, sequence) != null) {
            throw new IllegalStateException("Topic '" + topic + "' is already attached");
        }
        listener.onReset(sequence.epoch, sequence.head);
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
