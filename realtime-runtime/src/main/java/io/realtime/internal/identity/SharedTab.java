package io.realtime.internal.identity;

import io.realtime.spi.BackplaneException;
import io.realtime.spi.TabStore;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One tab's attributes as the backplane's {@link TabStore} keeps them for every node (docs/scaling.md, "Tab
 * attributes"). A value travels as one byte naming its type and its text in UTF-8: only types that read back as
 * themselves, without deserialising arbitrary classes, may be shared ({@link #TYPES}). Whatever the store holds is
 * validated when read; an entry that is not one the runtime writes is skipped.
 *
 * <p>Thread-safe; every call but {@link #due} blocks while the store answers, up to the backplane's timeout.
 */
final class SharedTab {

    private static final System.Logger LOG = System.getLogger(SharedTab.class.getName());

    /** The types a shared attribute's value may have, as the error for any other names them. */
    static final String TYPES = "String, Boolean, Integer, Long or Double";

    private final TabStore store;
    private final String fingerprint;
    private final long ttlMillis;
    private final Consumer<String> changed;
    private volatile long storedMillis; // when the store last heard of the tab from this node

    /**
     * @param fingerprint the tab's name in the store
     * @param ttlMillis how long the store keeps the tab without hearing of it: the tab idle timeout
     * @param changed tells the other nodes that the tab's attributes changed; takes the fingerprint, must not block
     */
    SharedTab(TabStore store, String fingerprint, long ttlMillis, Consumer<String> changed) {
        this.store = store;
        this.fingerprint = fingerprint;
        this.ttlMillis = ttlMillis;
        this.changed = changed;
    }

    String fingerprint() {
        return fingerprint;
    }

    /** @throws BackplaneException if the store could not be reached */
    Map<String, Object> load() {
        Map<String, byte[]> stored = store.load(fingerprint, ttlMillis);
        storedMillis = System.currentTimeMillis();
        Map<String, Object> values = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> entry : stored.entrySet()) {
            Object value = decode(entry.getValue());
            if (value == null) {
                LOG.log(Level.DEBUG, "Skipped a tab attribute the store holds in a form the runtime does not write");
            } else {
                values.put(entry.getKey(), value);
            }
        }
        return values;
    }

    /**
     * @throws IllegalArgumentException if the key or value cannot be shared
     * @throws IllegalStateException if the tab holds {@code maxKeys} attributes in the store, or the store could not
     *     be reached
     */
    void put(String key, Object value, int maxKeys) {
        if (key.getBytes(StandardCharsets.UTF_8).length > TabStore.MAX_KEY_BYTES) {
            throw new IllegalArgumentException("A tab attribute's key is at most " + TabStore.MAX_KEY_BYTES
                    + " bytes when attributes follow the tab to every node (RealtimeConfig.tabAttributesAcrossNodes)");
        }
        byte[] encoded = encode(key, value);
        boolean stored;
        try {
            stored = store.put(fingerprint, key, encoded, maxKeys, ttlMillis);
        } catch (BackplaneException e) {
            throw unreachable(key, e);
        }
        if (!stored) {
            throw Attributes.full(maxKeys);
        }
        wrote();
    }

    /** @throws IllegalStateException if the store could not be reached */
    void remove(String key) {
        try {
            store.remove(fingerprint, key, ttlMillis);
        } catch (BackplaneException e) {
            throw unreachable(key, e);
        }
        wrote();
    }

    /** @throws IllegalStateException if the store could not be reached */
    void clear() {
        try {
            store.delete(fingerprint);
        } catch (BackplaneException e) {
            throw new IllegalStateException(
                    "Could not clear the tab's attributes in the backplane; they are unchanged (" + e.getMessage()
                            + ")",
                    e);
        }
        wrote();
    }

    /** @return whether the store last heard of the tab from this node a third of its expiry ago or earlier */
    boolean due(long nowMillis) {
        return nowMillis - storedMillis >= ttlMillis / 3;
    }

    /** Pushes back the tab's expiry in the store. @throws BackplaneException if the store could not be reached */
    void touch() {
        store.touch(fingerprint, ttlMillis);
        storedMillis = System.currentTimeMillis();
    }

    /** Forgets the tab in the store. @throws BackplaneException if the store could not be reached */
    void delete() {
        store.delete(fingerprint);
    }

    private void wrote() {
        storedMillis = System.currentTimeMillis();
        changed.accept(fingerprint);
    }

    private static IllegalStateException unreachable(String key, BackplaneException cause) {
        return new IllegalStateException(
                "Could not store the tab attribute '" + key + "' in the backplane; it is unchanged ("
                        + cause.getMessage() + ")",
                cause);
    }

    static byte[] encode(String key, Object value) {
        char type;
        if (value instanceof String) {
            type = 's';
        } else if (value instanceof Boolean) {
            type = 'b';
        } else if (value instanceof Integer) {
            type = 'i';
        } else if (value instanceof Long) {
            type = 'l';
        } else if (value instanceof Double) {
            type = 'd';
        } else {
            throw new IllegalArgumentException(
                    "Tab attribute '" + key + "' is a " + value.getClass().getName()
                            + ": when attributes follow the tab to every node (RealtimeConfig.tabAttributesAcrossNodes), a"
                            + " value must be a " + TYPES);
        }
        byte[] text = (type + value.toString()).getBytes(StandardCharsets.UTF_8);
        if (text.length > TabStore.MAX_VALUE_BYTES) {
            throw new IllegalArgumentException("Tab attribute '" + key + "' takes " + text.length
                    + " bytes: when attributes follow the tab to every node (RealtimeConfig.tabAttributesAcrossNodes),"
                    + " a value takes at most " + TabStore.MAX_VALUE_BYTES);
        }
        return text;
    }

    /** @return the value, or {@code null} if the bytes are not one {@link #encode} writes */
    static Object decode(byte[] bytes) {
        if (bytes == null || bytes.length == 0 || bytes.length > TabStore.MAX_VALUE_BYTES) {
            return null;
        }
        String text = new String(bytes, 1, bytes.length - 1, StandardCharsets.UTF_8);
        try {
            return switch (bytes[0]) {
                case 's' -> text;
                case 'b' -> text.equals("true") ? Boolean.TRUE : text.equals("false") ? Boolean.FALSE : null;
                case 'i' -> Integer.valueOf(text);
                case 'l' -> Long.valueOf(text);
                case 'd' -> Double.valueOf(text);
                default -> null;
            };
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
