package io.realtime.chaos;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** What publishing came to: ticks sent, refused (by reason) and of unknown outcome. Thread-safe. */
final class PublishCounts {

    private final LongAdder sent = new LongAdder();
    private final LongAdder unknown = new LongAdder();
    private final Map<String, LongAdder> refused = new ConcurrentHashMap<>();

    void sentOne() {
        sent.increment();
    }

    /** A tick sent whose reply never came: its connection ended first. It may have been stored. */
    void unknownOne() {
        unknown.increment();
    }

    /** A tick refused, such as {@code backplane_unavailable} while Redis is down, or not sent at all. */
    void refused(String reason) {
        refused.computeIfAbsent(reason, key -> new LongAdder()).increment();
    }

    /** The publishing connection closed with {@code code}. */
    void closed(int code) {
        refused("connection closed " + code);
    }

    long sent() {
        return sent.sum();
    }

    long unknown() {
        return unknown.sum();
    }

    Map<String, Long> refusals() {
        Map<String, Long> sorted = new TreeMap<>();
        refused.forEach((reason, count) -> sorted.put(reason, count.sum()));
        return sorted;
    }
}
