package io.realtime.redis;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The commands Redis servers ran ({@code INFO commandstats}, which counts those a script calls too), for the tests. */
final class CommandStats {

    private static final Pattern STAT = Pattern.compile("cmdstat_([a-z|]+):calls=(\\d+)");

    private CommandStats() {}

    static void reset(List<RedisProcess> servers) {
        servers.forEach(server -> server.admin().configResetstat());
    }

    /**
     * @return the calls of every command since the last reset, without the test's own and the client's upkeep
     *     (connection handshakes; topology reads, each one {@code CLUSTER NODES} and one {@code INFO})
     */
    static Map<String, Long> counts(List<RedisProcess> servers) {
        Map<String, Long> counts = new TreeMap<>();
        for (RedisProcess server : servers) {
            Matcher stat = STAT.matcher(server.admin().info("commandstats"));
            while (stat.find()) {
                counts.merge(stat.group(1), Long.parseLong(stat.group(2)), Long::sum);
            }
        }
        long topologyReads = counts.getOrDefault("cluster|nodes", 0L);
        counts.computeIfPresent("info", (command, calls) -> calls == topologyReads ? null : calls - topologyReads);
        counts.keySet()
                .removeIf(command -> command.startsWith("client|")
                        || command.startsWith("cluster|")
                        || Set.of("hello", "auth", "ping", "select", "config|resetstat")
                                .contains(command));
        return counts;
    }
}
