package io.realtime.internal.identity;

import java.util.AbstractMap;
import java.util.Collection;
import java.util.Collections;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A tab's attributes: a thread-safe map with a bound on its size (design invariant 3, nothing unbounded). Reads
 * and changes to existing keys go straight to a {@link ConcurrentHashMap}; whatever may add a key takes a lock,
 * so the bound holds under contention. Adding a key beyond the bound throws {@link IllegalStateException}, as a
 * full bounded queue does. Null keys and values are refused, as by {@code ConcurrentHashMap}.
 */
final class Attributes extends AbstractMap<String, Object> {

    private final ConcurrentHashMap<String, Object> map = new ConcurrentHashMap<>();
    private final int limit;

    Attributes(int limit) {
        this.limit = limit;
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
    public Object remove(Object key) {
        return map.remove(key);
    }

    @Override
    public void clear() {
        map.clear();
    }

    @Override
    public synchronized Object put(String key, Object value) {
        room(key);
        return map.put(key, value);
    }

    @Override
    public synchronized Object putIfAbsent(String key, Object value) {
        room(key);
        return map.putIfAbsent(key, value);
    }

    @Override
    public synchronized Object computeIfAbsent(String key, Function<? super String, ?> mapping) {
        room(key);
        return map.computeIfAbsent(key, mapping);
    }

    @Override
    public synchronized Object compute(String key, BiFunction<? super String, ? super Object, ?> remapping) {
        room(key);
        return map.compute(key, remapping);
    }

    @Override
    public synchronized Object merge(
            String key, Object value, BiFunction<? super Object, ? super Object, ?> remapping) {
        room(key);
        return map.merge(key, value, remapping);
    }

    @Override
    public Object computeIfPresent(String key, BiFunction<? super String, ? super Object, ?> remapping) {
        return map.computeIfPresent(key, remapping);
    }

    @Override
    public Object replace(String key, Object value) {
        return map.replace(key, value);
    }

    @Override
    public boolean replace(String key, Object oldValue, Object newValue) {
        return map.replace(key, oldValue, newValue);
    }

    @Override
    public boolean remove(Object key, Object value) {
        return map.remove(key, value);
    }

    @Override
    public void replaceAll(BiFunction<? super String, ? super Object, ?> function) {
        map.replaceAll(function);
    }

    /** Read-only: the entry view of a {@code ConcurrentHashMap} could add keys past the bound. */
    @Override
    public Set<Entry<String, Object>> entrySet() {
        return Collections.unmodifiableSet(map.entrySet());
    }

    /** Removing through this view is allowed; adding is not, as for any {@code ConcurrentHashMap}. */
    @Override
    public Set<String> keySet() {
        return map.keySet();
    }

    @Override
    public Collection<Object> values() {
        return map.values();
    }

    private void room(String key) {
        if (map.size() >= limit && !map.containsKey(key)) {
            throw new IllegalStateException("This tab already holds " + limit
                    + " attributes, the most it may (RealtimeConfig.maxTabAttributes)");
        }
    }
}
