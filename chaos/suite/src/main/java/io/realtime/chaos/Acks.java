package io.realtime.chaos;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the publisher was told: at which cursor each tick of each topic was stored, and when each topic's epoch
 * changed. Subscribers check every event's data against it; the fault checks read the epochs' timeline.
 *
 * <p>Thread-safe. Memory: one {@code long} per acknowledged tick.
 */
final class Acks {

    /** A topic's epoch as first acknowledged at {@code nanos} ({@link System#nanoTime()}). */
    record EpochStart(String topic, String epoch, long nanos) {}

    private final Map<String, TopicAcks> topics = new ConcurrentHashMap<>();
    private final AtomicLong count = new AtomicLong();
    private final AtomicLong reused = new AtomicLong();

    /** The publisher's tick {@code seq} of {@code topic} was stored at {@code at}. */
    void stored(String topic, Position at, long seq) {
        if (!topics.computeIfAbsent(topic, TopicAcks::new).stored(at, seq, System.nanoTime())) {
            reused.incrementAndGet();
        }
        count.incrementAndGet();
    }

    /**
     * @return how many acknowledgements named a cursor at or before one acknowledged earlier in the same epoch:
     *     an offset given twice, which subscribers would drop as a duplicate without a word
     */
    long reused() {
        return reused.get();
    }

    /** @return the tick stored at {@code at}, or 0 when no acknowledgement names it */
    long seqAt(String topic, Position at) {
        TopicAcks acks = topics.get(topic);
        return acks == null ? 0 : acks.seqAt(at);
    }

    /** @return the newest acknowledged cursor of the topic, or {@code null} */
    Position latest(String topic) {
        TopicAcks acks = topics.get(topic);
        return acks == null ? null : acks.latest();
    }

    /** @return how many ticks were acknowledged */
    long count() {
        return count.get();
    }

    /** @return every topic's epochs in the order they were first acknowledged */
    List<EpochStart> epochs() {
        List<EpochStart> all = new ArrayList<>();
        topics.values().forEach(acks -> all.addAll(acks.epochs()));
        all.sort((a, b) -> Long.compare(a.nanos(), b.nanos()));
        return all;
    }

    private static final class TopicAcks {
        private final String topic;
        private final Map<String, long[]> seqs = new HashMap<>();
        private final List<EpochStart> epochs = new ArrayList<>();
        private Position latest;

        TopicAcks(String topic) {
            this.topic = topic;
        }

        /** @return whether the offset is new in its epoch */
        synchronized boolean stored(Position at, long seq, long nanos) {
            boolean fresh = seqAt(at) == 0;
            long[] byOffset = seqs.get(at.epoch());
            if (byOffset == null) {
                byOffset = new long[1024];
                epochs.add(new EpochStart(topic, at.epoch(), nanos));
            }
            if (at.offset() >= byOffset.length) {
                byOffset = Arrays.copyOf(byOffset, (int) Math.max(at.offset() + 1, byOffset.length * 2L));
            }
            if (fresh) {
                byOffset[(int) at.offset()] = seq;
            }
            seqs.put(at.epoch(), byOffset);
            if (latest == null || !latest.epoch().equals(at.epoch()) || at.offset() > latest.offset()) {
                latest = at;
            }
            return fresh;
        }

        synchronized long seqAt(Position at) {
            long[] byOffset = seqs.get(at.epoch());
            return byOffset == null || at.offset() >= byOffset.length ? 0 : byOffset[(int) at.offset()];
        }

        synchronized Position latest() {
            return latest;
        }

        synchronized List<EpochStart> epochs() {
            return List.copyOf(epochs);
        }
    }
}
