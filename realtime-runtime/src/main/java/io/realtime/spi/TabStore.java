package io.realtime.spi;

import java.util.Map;

/**
 * The attributes of browser tabs, kept by a backplane shared by several nodes ({@link Backplane#tabs()}), so that a
 * tab that reconnects to another node finds the attributes it had ({@code RealtimeSession.attributes()}). The
 * runtime keeps each tab's attributes in the node's memory as well, and writes every change through; it reads them
 * here when the tab arrives on a node, and when another node says that they changed.
 *
 * <p>A tab is named by a keyed fingerprint of its id, the same on every node; neither the id nor its token reaches
 * the store. Keys and values are opaque bytes to the store: the runtime encodes them, and validates what it reads.
 * Every call sets the tab's expiry to {@code ttlMillis} from now, except {@link #delete}; a tab nothing calls for that
 * long is forgotten by the store itself.
 *
 * <p>Threading: every method may be called from any thread, and blocks for a bounded time (it should fail within
 * about two seconds when the store is unreachable), with a {@link BackplaneException}.
 */
public interface TabStore {

    /** The longest attribute key the runtime writes, in bytes of UTF-8. */
    int MAX_KEY_BYTES = 256;

    /** The largest encoded attribute value the runtime writes, in bytes. */
    int MAX_VALUE_BYTES = 4096;

    /**
     * Reads every attribute of a tab.
     *
     * @param tab the tab's fingerprint
     * @param ttlMillis the tab's new expiry, from now
     * @return the attributes, by key; empty for a tab the store does not hold
     * @throws BackplaneException if the store could not be reached
     */
    Map<String, byte[]> load(String tab, long ttlMillis);

    /**
     * Sets one attribute of a tab, unless that would give the tab more than {@code maxKeys} attributes.
     *
     * @param tab the tab's fingerprint
     * @param key at most {@link #MAX_KEY_BYTES} bytes
     * @param value at most {@link #MAX_VALUE_BYTES} bytes; not modified
     * @param maxKeys the most attributes a tab holds
     * @param ttlMillis the tab's new expiry, from now
     * @return whether the attribute was set; {@code false} if the tab already holds {@code maxKeys} others
     * @throws BackplaneException if the store could not be reached
     */
    boolean put(String tab, String key, byte[] value, int maxKeys, long ttlMillis);

    /**
     * Removes one attribute of a tab, if it has it.
     *
     * @param tab the tab's fingerprint
     * @param key the attribute's key
     * @param ttlMillis the tab's new expiry, from now
     * @throws BackplaneException if the store could not be reached
     */
    void remove(String tab, String key, long ttlMillis);

    /**
     * Forgets a tab and every attribute it has: its cookie session ended, or the application cleared it.
     *
     * @param tab the tab's fingerprint
     * @throws BackplaneException if the store could not be reached
     */
    void delete(String tab);

    /**
     * Pushes back a tab's expiry, for a tab still connected somewhere whose attributes did not change lately.
     *
     * @param tab the tab's fingerprint
     * @param ttlMillis the tab's new expiry, from now
     * @throws BackplaneException if the store could not be reached
     */
    void touch(String tab, long ttlMillis);
}
