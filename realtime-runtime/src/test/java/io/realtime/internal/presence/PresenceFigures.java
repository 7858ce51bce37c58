package io.realtime.internal.presence;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints the figures of presence, measured, not asserted: the heap each present member takes, and the bytes one
 * join and one leave put on the wire in a room of 1,000 members (each subscriber gets the same event bytes).
 * Run it as the project's docs/presence.md says; the heap figure comes from the heap in use after a GC, so it is
 * approximate and varies a little from run to run.
 */
public final class PresenceFigures {

    private PresenceFigures() {}

    public static void main(String[] args) throws Exception {
        memoryPerMember(100_000);
        trafficPerChange(1_000);
    }

    private static void memoryPerMember(int members) {
        PresenceRegistry registry = new PresenceRegistry((topic, data) -> {}, 100, 5_000);
        List<String> tabs = new ArrayList<>(members);
        for (int i = 0; i < members; i++) {
            tabs.add("tab-" + java.util.UUID.randomUUID()); // made before measuring: the tabs exist anyway
        }
        long before = usedHeap();
        for (int i = 0; i < members; i++) {
            registry.join("room-" + (i % 10), tabs.get(i), "user-" + i, "name-" + i, "c-" + i);
        }
        registry.tick(0);
        long after = usedHeap();
        System.out.printf(
                "presence memory: %d members in 10 rooms take %.1f MiB, %d bytes per member%n",
                members, (after - before) / 1048576.0, (after - before) / members);
        if (registry.rooms() != 10) {
            throw new IllegalStateException("the rooms were collected before the measurement");
        }
    }

    private static void trafficPerChange(int members) throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<byte[]> published = new ArrayList<>();
        PresenceRegistry registry = new PresenceRegistry((topic, data) -> published.add(bytes(json, data)), 100, 0);
        for (int i = 0; i < members; i++) {
            registry.join("room", "tab-" + i, "", "member " + i, "c-" + i);
        }
        registry.tick(0);
        int list = bytes(
                        json,
                        registry.join("room", "tab-0", "", "member 0", "c-0b").snapshot())
                .length;
        published.clear();

        registry.join("room", "tab-new", "", "newcomer", "c-new"); // beyond the listed 100: counted only
        registry.tick(0);
        registry.leave("room", "tab-new", "c-new");
        registry.tick(Long.MAX_VALUE);
        registry.leave("room", "tab-1", "c-1"); // a listed member: the next one comes into the list
        registry.tick(Long.MAX_VALUE);
        int unlistedJoin = published.get(0).length;
        int unlistedLeave = published.get(1).length;
        int listedLeave = published.get(2).length;
        System.out.printf(
                "presence traffic in a room of %d (100 listed): the list a joining connection gets %d bytes; one"
                        + " event per change, the same bytes to every subscriber: join beyond the list %d bytes"
                        + " (x%d subscribers = %d), its leave %d bytes, leave of a listed member %d bytes (x%d = %d)%n",
                members,
                list,
                unlistedJoin,
                members,
                unlistedJoin * members,
                unlistedLeave,
                listedLeave,
                members,
                listedLeave * members);
    }

    private static byte[] bytes(ObjectMapper json, Object data) {
        try {
            return json.writeValueAsBytes(data);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long usedHeap() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
