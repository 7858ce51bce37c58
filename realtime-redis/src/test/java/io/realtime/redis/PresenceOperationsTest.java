package io.realtime.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.Presence;
import io.realtime.spi.SharedPresence;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Counts the Redis commands of presence in a room of 1,000 members ({@code INFO commandstats}, which counts the
 * commands a script calls as well), per change as a node's tick hands it over, and prints them for
 * docs/presence.md. Asserts only that each change is one script run.
 */
class PresenceOperationsTest {

    private static final int MEMBERS = 1000;
    private static final Pattern STAT = Pattern.compile("cmdstat_([a-z|]+):calls=(\\d+)");
    private static final String ROOM = "room:thousand";

    @Test
    void eachChangeIsOneScriptRunWhoseCommandsArePrinted() {
        try (RedisProcess redis = RedisProcess.start();
                RedisBackplane node = RedisBackplane.builder(redis.url())
                        .presenceTtl(Duration.ofMinutes(1))
                        .build()) {
            SharedPresence presence = node.presence().orElseThrow();
            List<Presence.Member> crowd = new ArrayList<>();
            IntStream.range(0, MEMBERS).forEach(i -> crowd.add(member(i)));
            presence.update("room:warm-up", changes(List.of(), List.of()), 100); // loads the script
            long before = usedMemory(redis);
            presence.update(ROOM, changes(crowd, List.of()), 100); // the first 100 are listed
            System.out.printf(
                    "Presence Redis memory: %d members take %d bytes, about %d per member%n",
                    MEMBERS, usedMemory(redis) - before, (usedMemory(redis) - before) / MEMBERS);

            Map<String, Map<String, Long>> cases = new TreeMap<>();
            cases.put(
                    "1 join, unlisted",
                    measure(redis, () -> presence.update(ROOM, changes(List.of(member(MEMBERS)), List.of()), 100)));
            cases.put(
                    "2 leave, unlisted",
                    measure(redis, () -> presence.update(ROOM, changes(List.of(), List.of("m" + MEMBERS)), 100)));
            cases.put(
                    "3 leave, listed (the next comes into the list)",
                    measure(redis, () -> presence.update(ROOM, changes(List.of(), List.of("m0")), 100)));
            cases.put(
                    "4 refresh, no change",
                    measure(redis, () -> presence.update(ROOM, changes(List.of(), List.of()), 100)));
            cases.put("5 occupancy()", measure(redis, () -> presence.read(ROOM, 0)));
            cases.forEach((what, counts) -> {
                long total = counts.values().stream().mapToLong(Long::longValue).sum();
                System.out.printf(
                        "Presence Redis commands in a room of %d, %s: %d in all, %s%n", MEMBERS, what, total, counts);
                assertThat(counts).as(what).containsEntry("evalsha", 1L);
            });
            assertThat(presence.read(ROOM, 0).occupancy().tabs()).isEqualTo(MEMBERS - 1);
        }
    }

    private static Presence.Member member(int i) {
        return new Presence.Member("m" + i, "", "member " + i, 1);
    }

    private static SharedPresence.Changes changes(List<Presence.Member> joined, List<String> left) {
        return new SharedPresence.Changes(joined, left, MEMBERS, false, false);
    }

    private static long usedMemory(RedisProcess redis) {
        Matcher used =
                Pattern.compile("used_memory:(\\d+)").matcher(redis.admin().info("memory"));
        assertThat(used.find()).isTrue();
        return Long.parseLong(used.group(1));
    }

    private static Map<String, Long> measure(RedisProcess redis, Runnable change) {
        redis.admin().configResetstat();
        change.run();
        Map<String, Long> counts = new TreeMap<>();
        Matcher stat = STAT.matcher(redis.admin().info("commandstats"));
        while (stat.find()) {
            counts.merge(stat.group(1), Long.parseLong(stat.group(2)), Long::sum);
        }
        counts.keySet()
                .removeIf(command -> command.startsWith("client|")
                        || command.startsWith("config|")
                        || Set.of("hello", "ping", "info").contains(command));
        return counts;
    }
}
