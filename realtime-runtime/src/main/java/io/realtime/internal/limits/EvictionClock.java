package io.realtime.internal.limits;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;

/**
 * Chooses what a full registry forgets to make room (docs/security.md, "Limits"): the least recently used entry
 * that nothing uses now, an entry used only once before any other. It is the clock approximation of least recently
 * used: entries wait in a queue in the order they were made; the one at the head is forgotten unless it is in use
 * (it goes to the back) or its {@link Standing} gives it a second chance (it goes to the back, once). So a flood of
 * state that is used once and never again displaces only itself, and the state honest clients come back to stays.
 *
 * <p>Threading: any thread; nothing blocks.
 *
 * @param <T> the registry's entries
 */
public final class EvictionClock<T extends EvictionClock.Entry> {

    /** An entry of a registry, as the clock sees it. */
    public interface Entry {
        /** @return whether the registry has forgotten it already (by expiry, say): the clock drops it */
        boolean gone();

        /** @return whether a connection or subscriber uses it now: never forgotten then */
        boolean inUse();

        /** @return its standing: how often it was used */
        Standing standing();
    }

    /**
     * Whether an entry has earned its place: it was used more than once, and again since the clock last looked.
     * Guarded by its own monitor.
     */
    public static final class Standing {
        private int uses;
        private boolean usedSinceLooked;

        /** The entry was used once more; the use that made it counts too. */
        public synchronized void used() {
            uses = uses == Integer.MAX_VALUE ? uses : uses + 1;
            usedSinceLooked = true;
        }

        /** @return whether the entry is kept this time round; a look uses the chance up */
        synchronized boolean secondChance() {
            boolean kept = uses > 1 && usedSinceLooked;
            usedSinceLooked = false;
            return kept;
        }
    }

    private final Queue<T> queue = new ConcurrentLinkedQueue<>();

    /** Adds an entry the registry has just made. */
    public void add(T entry) {
        queue.add(entry);
    }

    /**
     * Forgets one entry to make room. Every entry goes round at most twice (once to use up its second chance), so
     * the search ends even when every entry is in use.
     *
     * @param size how many entries the registry holds now
     * @param forget forgets the entry in the registry, unless it was taken into use meanwhile; says whether it did
     * @return whether one was forgotten
     */
    public boolean evictOne(int size, Predicate<T> forget) {
        int looks = 2 * size + 1;
        for (int i = 0; i < looks; i++) {
            T entry = queue.poll();
            if (entry == null) {
                return false;
            }
            if (entry.gone()) {
                continue;
            }
            if (entry.inUse() || entry.standing().secondChance()) {
                queue.add(entry);
                continue;
            }
            if (forget.test(entry)) {
                return true;
            }
            if (!entry.gone()) {
                queue.add(entry);
            }
        }
        return false;
    }

    /** Drops the entries the registry forgot otherwise, so that the queue stays as long as the registry. */
    public void purge() {
        queue.removeIf(Entry::gone);
    }
}
