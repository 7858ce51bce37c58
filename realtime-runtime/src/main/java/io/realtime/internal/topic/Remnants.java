package io.realtime.internal.topic;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What evicted topics leave behind on a single node: each one's epoch and head, so that a topic which comes back
 * continues the history its clients know instead of starting a new epoch. A client whose cursor is the head it saw
 * has missed nothing and resumes without a {@code reset}; one whose cursor is older than the head gets one, since
 * the events in between left with the topic (issue 17, docs/protocol.md "Cursors").
 *
 * <p>Bounded twice (invariant 3): at most {@code capacity} remnants, the oldest forgotten first, and none older
 * than {@code maxAgeMillis}. A forgotten topic that comes back starts a new epoch, as before. Eviction, of idle
 * topics or of any topic under pressure, leaves its remnant here through the backplane's detach; nothing else does.
 *
 * <p>Threading: every method from any thread; each takes one short lock.
 */
final class Remnants {

    /** A topic's position when it left: the next event it numbers is {@code head + 1} of {@code epoch}. */
    record Remnant(String epoch, long head, long leftAtMillis) {}

    private final int capacity;
    private final long maxAgeMillis;
    private final LinkedHashMap<String, Remnant> byTopic = new LinkedHashMap<>();

    /**
     * @param capacity the most remnants kept, at least 1
     * @param maxAgeMillis how long a remnant is kept
     */
    Remnants(int capacity, long maxAgeMillis) {
        if (capacity < 1 || maxAgeMillis < 0) {
            throw new IllegalArgumentException("capacity " + capacity + ", age " + maxAgeMillis);
        }
        this.capacity = capacity;
        this.maxAgeMillis = maxAgeMillis;
    }

    /** Keeps where {@code topic} stopped; a newer remnant of the same topic replaces the older one. */
    synchronized void remember(String topic, String epoch, long head, long nowMillis) {
        byTopic.remove(topic); // re-inserted last: the map stays in the order topics left
        byTopic.put(topic, new Remnant(epoch, head, nowMillis));
        forgetExpired(nowMillis);
        if (byTopic.size() > capacity) {
            Iterator<String> oldest = byTopic.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
    }

    /**
     * Takes back the remnant of a topic that comes back: it is then the topic's own again, and no longer here.
     *
     * @return the remnant, or {@code null} when the topic left none or it was forgotten
     */
    synchronized Remnant recall(String topic, long nowMillis) {
        forgetExpired(nowMillis);
        Remnant left = byTopic.remove(topic);
        return left == null || left.leftAtMillis() < nowMillis - maxAgeMillis ? null : left; // a clock set back
    }

    /** @return how many remnants are kept */
    synchronized int size() {
        return byTopic.size();
    }

    // The map is in the order topics left, so the expired ones are at its start.
    private void forgetExpired(long nowMillis) {
        Iterator<Map.Entry<String, Remnant>> oldest = byTopic.entrySet().iterator();
        while (oldest.hasNext() && oldest.next().getValue().leftAtMillis() < nowMillis - maxAgeMillis) {
            oldest.remove();
        }
    }
}
