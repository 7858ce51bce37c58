package io.realtime.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The run's totals, added to by every subscriber's {@link Ledger} and by the clients: what was delivered, dropped
 * as a duplicate, reset or lost, and what the clients saw of the faults (statuses, close codes, control events).
 *
 * <p>Thread-safe. The list of violations keeps the first {@value #KEPT} descriptions.
 */
final class Tally {

    private static final int KEPT = 40;

    final LongAdder deliveries = new LongAdder();
    final LongAdder duplicates = new LongAdder();
    /** Resets to another epoch: the history was lost (Redis restarted without its data). */
    final LongAdder epochResets = new LongAdder();
    /** Resets in the same epoch past more events than the history keeps: the subscriber fell out of the window. */
    final LongAdder windowResets = new LongAdder();
    /** Resets in the same epoch while every missed event was still retained: not a loss, but not needed either. */
    final LongAdder needlessResets = new LongAdder();
    /** Events that were skipped without a reset: the invariant's failures, counted per missing event. */
    final LongAdder lost = new LongAdder();
    /** Events whose data is not the tick the publisher was told was stored at their cursor. */
    final LongAdder wrongData = new LongAdder();
    /** Other breaches: an epoch that changed without a reset, an unreadable event or cursor. */
    final LongAdder violations = new LongAdder();

    /** Tab tokens a node refused although the subscriber held the browser cookie they are bound to. */
    final LongAdder refusedTokens = new LongAdder();

    private final List<String> described = new ArrayList<>();
    private final Map<String, LongAdder> seen = new ConcurrentHashMap<>();

    /** Records a breach of the invariant with what it was. */
    void violation(String description) {
        violations.increment();
        describe(description);
    }

    /** Records a refused tab token with whose it was. */
    void tokenRefused(String description) {
        refusedTokens.increment();
        describe(description);
    }

    /** Keeps the description of a loss or a breach, for the report. */
    void describe(String description) {
        synchronized (described) {
            if (described.size() < KEPT) {
                described.add(description);
            }
        }
    }

    /** Counts something a client saw, such as {@code websocket close 1001} or {@code poll status 503}. */
    void saw(String what) {
        seen.computeIfAbsent(what, key -> new LongAdder()).increment();
    }

    /** @return the first descriptions of losses and breaches */
    List<String> descriptions() {
        synchronized (described) {
            return List.copyOf(described);
        }
    }

    /** @return what the clients saw, by name */
    Map<String, Long> sightings() {
        Map<String, Long> sorted = new TreeMap<>();
        seen.forEach((what, count) -> sorted.put(what, count.sum()));
        return sorted;
    }

    /** @return all resets */
    long resets() {
        return epochResets.sum() + windowResets.sum() + needlessResets.sum();
    }
}
