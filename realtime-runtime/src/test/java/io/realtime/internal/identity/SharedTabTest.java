package io.realtime.internal.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.realtime.spi.BackplaneException;
import io.realtime.spi.TabStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Tab attributes shared through the backplane's {@link TabStore}: two registries stand for two nodes over one store
 * kept in memory here (the Redis one is tested against a real Redis in {@code TabAttributesAcrossNodesTest}). Every
 * change reaches the store before the map, a tab reads the store when it arrives and when another node changed it,
 * and what cannot be shared, or cannot be stored now, throws and changes nothing.
 */
class SharedTabTest {

    private static final long NOW = 1_000_000;
    private static final long IDLE = 60_000;

    private final MemoryStore store = new MemoryStore();
    private final List<String> announced = new ArrayList<>();
    private final Tabs one = node();
    private final Tabs two = node();

    private Tabs node() {
        Tabs tabs = new Tabs(100, 10, 10, 4, IDLE, new Tabs.Sharing(store, id -> "fp-" + id, Runnable::run));
        tabs.onChanged(announced::add);
        return tabs;
    }

    private static TabState arrive(Tabs node, String id) {
        TabState tab = node.obtain(id, "session", "192.0.2.1", NOW).state();
        tab.refresh();
        return tab;
    }

    @Test
    void aTabFindsOnAnotherNodeTheAttributesItWasGivenOnTheFirst() {
        TabState onOne = arrive(one, "t");
        onOne.attributes().put("theme", "dark");
        onOne.attributes().put("count", 3);
        onOne.attributes().put("big", 1L << 40);
        onOne.attributes().put("ratio", 0.25);

        TabState onTwo = arrive(two, "t");

        assertThat(onTwo.attributes())
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("theme", "dark", "count", 3, "big", 1L << 40, "ratio", 0.25));
        assertThat(store.ttl.get("fp-t"))
                .as("the store keeps the tab for the idle time")
                .isEqualTo(IDLE);
        assertThat(announced)
                .as("each change was announced to the other nodes")
                .hasSize(4)
                .containsOnly("fp-t");
    }

    @Test
    void everyWayOfChangingTheMapReachesTheStore() {
        Map<String, Object> attributes = arrive(one, "t").attributes();
        attributes.put("a", 1);
        attributes.putIfAbsent("b", "x");
        attributes.computeIfAbsent("c", key -> 2L);
        attributes.compute("a", (key, value) -> (Integer) value + 1);
        attributes.merge("b", "y", (left, right) -> (String) left + right);
        attributes.computeIfPresent("c", (key, value) -> null);
        attributes.replace("a", 2, 5);
        assertThat(stored("t")).isEqualTo(Map.of("a", 5, "b", "xy"));

        Iterator<String> keys = attributes.keySet().iterator();
        keys.next();
        keys.remove();
        attributes.keySet().remove("missing");
        assertThat(stored("t")).isEqualTo(new HashMap<>(attributes)).hasSize(1);

        attributes.replaceAll((key, value) -> value + "!");
        assertThat(stored("t")).isEqualTo(new HashMap<>(attributes));

        attributes.clear();
        assertThat(store.tabs).doesNotContainKey("fp-t");
    }

    @Test
    void aValueThatCannotBeSharedIsRefusedByNameAndChangesNothing() {
        Map<String, Object> attributes = arrive(one, "t").attributes();
        attributes.put("kept", "yes");

        assertThatIllegalArgumentException()
                .isThrownBy(() -> attributes.put("list", List.of(1, 2)))
                .withMessage("Tab attribute 'list' is a java.util.ImmutableCollections$List12: when attributes follow"
                        + " the tab to every node (RealtimeConfig.tabAttributesAcrossNodes), a value must be a String,"
                        + " Boolean, Integer, Long or Double");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> attributes.put("long", "x".repeat(TabStore.MAX_VALUE_BYTES)))
                .withMessageContaining("a value takes at most 4096");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> attributes.put("k".repeat(TabStore.MAX_KEY_BYTES + 1), "v"))
                .withMessageContaining("key is at most 256 bytes");

        assertThat(attributes).containsExactly(Map.entry("kept", "yes"));
        assertThat(stored("t")).isEqualTo(Map.of("kept", "yes"));
    }

    @Test
    void aChangeTheStoreCannotTakeThrowsAndChangesNothing() {
        Map<String, Object> attributes = arrive(one, "t").attributes();
        attributes.put("kept", "yes");
        store.down = true;

        assertThatIllegalStateException()
                .isThrownBy(() -> attributes.put("new", "no"))
                .withMessage("Could not store the tab attribute 'new' in the backplane; it is unchanged (down)");
        assertThatIllegalStateException().isThrownBy(() -> attributes.remove("kept"));
        assertThatIllegalStateException().isThrownBy(attributes::clear);

        assertThat(attributes).containsExactly(Map.entry("kept", "yes"));
    }

    @Test
    void nodesThatAddAtOnceCannotPassTheBoundInTheStore() {
        Map<String, Object> onOne = arrive(one, "t").attributes();
        Map<String, Object> onTwo = arrive(two, "t").attributes();
        onOne.put("a", 1);
        onOne.put("b", 2);
        onTwo.put("c", 3);
        onTwo.put("d", 4); // node two saw two attributes of its own: it does not know of node one's

        assertThatIllegalStateException()
                .isThrownBy(() -> onOne.put("e", 5))
                .withMessage("This tab already holds 4 attributes, the most it may (RealtimeConfig.maxTabAttributes)");
        assertThat(stored("t")).hasSize(4);
        assertThat(onOne).doesNotContainKey("e");
    }

    @Test
    void aChangeOnAnotherNodeIsReadAtOnceWhereTheTabIsConnectedAndOnArrivalElsewhere() {
        TabState onOne = arrive(one, "t");
        TabState onTwo = arrive(two, "t");
        onTwo.hold(NOW);

        onOne.attributes().put("theme", "dark");
        two.changedElsewhere("fp-t");
        assertThat(onTwo.attributes()).as("connected: read at once").containsEntry("theme", "dark");

        onTwo.release(NOW);
        onOne.attributes().put("theme", "light");
        int reads = store.loads;
        two.changedElsewhere("fp-t");
        assertThat(store.loads).as("not connected: nothing read yet").isEqualTo(reads);
        assertThat(arrive(two, "t").attributes()).containsEntry("theme", "light");

        two.changedElsewhere("fp-unknown"); // a tab this node does not have: nothing to do
        assertThat(store.loads).isEqualTo(reads + 1);
    }

    @Test
    void aTabWhoseAttributesCannotBeReadKeepsWhatItHasAndReadsThemAtItsNextArrival() {
        arrive(one, "t").attributes().put("theme", "dark");
        store.down = true;
        TabState onTwo = two.obtain("t", "session", "192.0.2.1", NOW).state();
        assertThatThrownBy(onTwo::refresh).isInstanceOf(BackplaneException.class);
        assertThat(onTwo.attributes()).isEmpty();

        store.down = false;
        assertThat(arrive(two, "t").attributes()).containsEntry("theme", "dark");
        int reads = store.loads;
        arrive(two, "t");
        assertThat(store.loads).as("read once; current since").isEqualTo(reads);
    }

    @Test
    void theEndOfTheCookieSessionDeletesItsTabsAndAConnectedTabKeepsItsExpiryPushedBack() {
        TabState kept = arrive(one, "kept");
        kept.attributes().put("a", 1);
        kept.hold(NOW);
        arrive(one, "gone").attributes().put("b", 2);
        one.obtain("other", "another session", "192.0.2.2", NOW)
                .state()
                .attributes()
                .put("c", 3);

        assertThat(one.endSession("session")).isEqualTo(2);
        assertThat(store.tabs).containsOnlyKeys("fp-other");

        TabState connected = arrive(one, "connected");
        connected.attributes().put("d", 4);
        connected.hold(NOW);
        store.ttl.put("fp-connected", 0L);
        one.sweep(System.currentTimeMillis());
        assertThat(store.ttl.get("fp-connected")).as("not due yet").isZero();
        one.sweep(System.currentTimeMillis() + IDLE / 3);
        assertThat(store.ttl.get("fp-connected")).as("due: pushed back").isEqualTo(IDLE);
    }

    @Test
    void valuesReadBackAsWhatWasWrittenAndAnythingElseIsSkipped() {
        for (Object value : List.of("", "héllo ✓", true, false, Integer.MIN_VALUE, Long.MAX_VALUE, -0.0, 1e300)) {
            assertThat(SharedTab.decode(SharedTab.encode("k", value))).isEqualTo(value);
        }
        for (String bad : List.of("", "x1", "i1.5", "bmaybe", "lNaN")) {
            assertThat(SharedTab.decode(bad.getBytes(StandardCharsets.UTF_8)))
                    .as(bad)
                    .isNull();
        }
        store.tabs.put("fp-t", new LinkedHashMap<>(Map.of("bad", "?".getBytes(StandardCharsets.UTF_8))));
        assertThat(arrive(one, "t").attributes()).isEmpty();
    }

    private Map<String, Object> stored(String id) {
        Map<String, Object> values = new HashMap<>();
        store.tabs.getOrDefault("fp-" + id, Map.of()).forEach((key, value) -> values.put(key, SharedTab.decode(value)));
        return values;
    }

    /** A store in memory with Redis's semantics as tab.lua gives them; it can be made unreachable. */
    private static final class MemoryStore implements TabStore {
        final Map<String, Map<String, byte[]>> tabs = new HashMap<>();
        final Map<String, Long> ttl = new HashMap<>();
        volatile boolean down;
        int loads;

        private void reachable() {
            if (down) {
                throw new BackplaneException("down", null);
            }
        }

        @Override
        public synchronized Map<String, byte[]> load(String tab, long ttlMillis) {
            reachable();
            loads++;
            Map<String, byte[]> all = tabs.getOrDefault(tab, Map.of());
            if (!all.isEmpty()) {
                ttl.put(tab, ttlMillis);
            }
            return new LinkedHashMap<>(all);
        }

        @Override
        public synchronized boolean put(String tab, String key, byte[] value, int maxKeys, long ttlMillis) {
            reachable();
            Map<String, byte[]> all = tabs.computeIfAbsent(tab, t -> new LinkedHashMap<>());
            if (!all.containsKey(key) && all.size() >= maxKeys) {
                return false;
            }
            all.put(key, value.clone());
            ttl.put(tab, ttlMillis);
            return true;
        }

        @Override
        public synchronized void remove(String tab, String key, long ttlMillis) {
            reachable();
            Map<String, byte[]> all = tabs.get(tab);
            if (all != null) {
                all.remove(key);
                if (all.isEmpty()) {
                    tabs.remove(tab);
                }
            }
        }

        @Override
        public synchronized void delete(String tab) {
            reachable();
            tabs.remove(tab);
        }

        @Override
        public synchronized void touch(String tab, long ttlMillis) {
            reachable();
            ttl.put(tab, ttlMillis);
        }
    }
}
