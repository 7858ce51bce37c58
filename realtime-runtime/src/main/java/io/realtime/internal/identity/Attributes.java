package io.realtime.internal.identity;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A tab's attributes: a thread-safe map with a bound on its size (design invariant 3, nothing unbounded). Reads go
 * straight to a {@link ConcurrentHashMap}; every change takes the map's lock, so the bound holds under contention
 * and, when the attributes are {@link SharedTab shared} with other nodes, each change reaches the store before the
 * map, in the order the changes were made here. Adding a key beyond the bound throws {@link IllegalStateException},
 * as a full bounded queue does; so does a change the store could not take, which leaves the map unchanged. Null
 * keys and values are refused, as by {@code ConcurrentHashMap}.
 */
final class Attributes extends AbstractMap<String, Object> {

    private final ConcurrentHashMap<String, Object> map = new ConcurrentHashMap<>();
    private final int limit;
    private final SharedTab shared; // null: this node alone keeps them

    Attributes(int limit) {
        this(limit, null);
    }

    /** @param shared where the attributes are kept for every node, or {@code null} */
    Attributes(int limit, SharedTab shared) {
        this.limit = limit;
        this.shared = shared;
    }

    @Override
    public Object get(Object key) {
        return map.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return map.containsKey(key);
    }

    @Override
    public int size() {
        return map.size();
    }

    @Override
    public synchronized Object put(String key, Object value) {
        Objects.requireNonNull(value, "value");
        return change(key, value);
    }

    @Override
    public synchronized Object putIfAbsent(String key, Object value) {
        Objects.requireNonNull(value, "value");
        Object current = map.get(Objects.requireNonNull(key, "key"));
        return current != null ? current : change(key, value);
    }

    @Override
    public synchronized Object computeIfAbsent(String key, Function<? super String, ?> mapping) {
        Object current = map.get(Objects.requireNonNull(key, "key"));
        if (current != null) {
            return current;
        }
        room(key);
        Object value = mapping.apply(key);
        if (value != null) {
            change(key, value);
        }
        return value;
    }

    @Override
    public synchronized Object computeIfPresent(String key, BiFunction<? super String, ? super Object, ?> remapping) {
        Object current = map.get(Objects.requireNonNull(key, "key"));
        if (current == null) {
            return null;
        }
        Object value = remapping.apply(key, current);
        change(key, value);
        return value;
    }

    @Override
    public synchronized Object compute(String key, BiFunction<? super String, ? super Object, ?> remapping) {
        room(key);
        Object value = remapping.apply(key, map.get(key));
        change(key, value);
        return value;
    }

    @Override
    public synchronized Object merge(
            String key, Object value, BiFunction<? super Object, ? super Object, ?> remapping) {
        Objects.requireNonNull(value, "value");
        Object current = map.get(Objects.requireNonNull(key, "key"));
        Object merged = current == null ? value : remapping.apply(current, value);
        change(key, merged);
        return merged;
    }

    @Override
    public synchronized Object remove(Object key) {
        return key instanceof String name && map.containsKey(name) ? change(name, null) : null;
    }

    @Override
    public synchronized boolean remove(Object key, Object value) {
        if (key instanceof String name && value != null && value.equals(map.get(name))) {
            change(name, null);
            return true;
        }
        return false;
    }

    @Override
    public synchronized Object replace(String key, Object value) {
        Objects.requireNonNull(value, "value");
        return map.containsKey(key) ? change(key, value) : null;
    }

    @Override
    public synchronized boolean replace(String key, Object oldValue, Object newValue) {
        Objects.requireNonNull(newValue, "newValue");
        if (oldValue != null && oldValue.equals(map.get(key))) {
            change(key, newValue);
            return true;
        }
        return false;
    }

    @Override
    public synchronized void replaceAll(BiFunction<? super String, ? super Object, ?> function) {
        for (Map.Entry<String, Object> entry : map.entrySet()) {
            change(entry.getKey(), Objects.requireNonNull(function.apply(entry.getKey(), entry.getValue())));
        }
    }

    @Override
    public synchronized void clear() {
        if (shared != null && !map.isEmpty()) {
            shared.clear();
        }
        map.clear();
    }

    /** Read-only: the entry view of a {@code ConcurrentHashMap} could add keys past the bound. */
    @Override
    public Set<Entry<String, Object>> entrySet() {
        return Collections.unmodifiableSet(map.entrySet());
    }

    /** Removing through this view is allowed, and goes through {@link #remove(Object)}; adding is not. */
    @Override
    public Set<String> keySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<String> iterator() {
                Iterator<String> keys = map.keySet().iterator();
                return new Iterator<>() {
                    private String last;

                    @Override
                    public boolean hasNext() {
                        return keys.hasNext();
                    }

                    @Override
                    public String next() {
                        last = keys.next();
                        return last;
                    }

                    @Override
                    public void remove() {
                        if (last == null) {
                            throw new IllegalStateException("next() was not called");
                        }
                        Attributes.this.remove(last);
                        last = null;
                    }
                };
            }

            @Override
            public int size() {
                return map.size();
            }

            @Override
            public boolean contains(Object key) {
                return map.containsKey(key);
            }

            @Override
            public boolean remove(Object key) {
                return Attributes.this.remove(key) != null;
            }
        };
    }

    /** Read-only. */
    @Override
    public Collection<Object> values() {
        return Collections.unmodifiableCollection(map.values());
    }

    /**
     * Replaces every attribute with what the store holds for the tab, if the attributes are shared. Takes the
     * map's lock while the store answers, so no change made here meanwhile is lost.
     *
     * @throws io.realtime.spi.BackplaneException if the store could not be reached; the map is unchanged then
     */
    synchronized void reload() {
        if (shared == null) {
            return;
        }
        Map<String, Object> stored = shared.load();
        map.clear();
        for (Map.Entry<String, Object> entry : stored.entrySet()) {
            if (map.size() < limit) { // nodes that add at once may pass the bound by a few; the excess stays unseen
                map.put(entry.getKey(), entry.getValue());
            }
        }
    }

    /** @return where the attributes are shared, or {@code null} */
    SharedTab shared() {
        return shared;
    }

    /** Sets or (for {@code null}) removes a key, in the store first; the caller holds the lock. */
    private Object change(String key, Object value) {
        Objects.requireNonNull(key, "key");
        if (value == null) {
            if (shared != null && map.containsKey(key)) {
                shared.remove(key);
            }
            return map.remove(key);
        }
        room(key);
        if (shared != null) {
            shared.put(key, value, limit);
        }
        return map.put(key, value);
    }

    private void room(String key) {
        if (map.size() >= limit && !map.containsKey(key)) {
            throw full(limit);
        }
    }

    static IllegalStateException full(int limit) {
        return new IllegalStateException(
                "This tab already holds " + limit + " attributes, the most it may (RealtimeConfig.maxTabAttributes)");
    }
}
