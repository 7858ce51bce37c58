package io.realtime.chaos;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/**
 * What a run does: how many subscribers on each transport, how many topics at what total rate, for how long,
 * with which faults how often, and how the nodes are configured.
 *
 * @param name the run's name, such as {@code short}
 * @param perTransport subscribers on each of Server-Sent Events, WebSocket (half of them over a shared connection)
 *     and long-poll
 * @param topics how many topics, each followed by the same share of the subscribers
 * @param rate ticks published per second, over all topics
 * @param duration how long faults are injected
 * @param minGap the shortest time between two faults
 * @param maxGap the longest
 * @param faults the kinds of fault injected
 * @param seed the seed of the faults' random choices, printed so that a run's choices can be repeated
 * @param catchUp how long the subscribers may take to reach the fences after the faults
 * @param stormPatience how long a storm may take until every subscriber is current
 * @param health how often the nodes' heap, threads and descriptors are sampled; zero for never
 * @param node how the nodes are started
 */
record Plan(
        String name,
        int perTransport,
        int topics,
        double rate,
        Duration duration,
        Duration minGap,
        Duration maxGap,
        Set<Fault> faults,
        long seed,
        Duration catchUp,
        Duration stormPatience,
        Duration health,
        NodeProcess.Settings node) {

    /** @return every subscriber */
    int subscribers() {
        return 3 * perTransport;
    }

    /** The short form, in the build: every fault at least once, in about two minutes with the nodes' start. */
    static Plan shortForm(Path logs, String logging, long seed) {
        return new Plan(
                "short",
                20,
                4,
                100,
                Duration.ofSeconds(70),
                Duration.ofMillis(500),
                Duration.ofSeconds(3),
                EnumSet.allOf(Fault.class),
                seed,
                Duration.ofSeconds(60),
                Duration.ofSeconds(30),
                Duration.ZERO,
                settings(2_000, "512m", logs, logging));
    }

    /** The long form: 300 subscribers, 1,000 ticks a second, faults every 0.5 to 3 s, for 10 minutes. */
    static Plan longForm(Path logs, String logging, long seed) {
        return new Plan(
                "long",
                100,
                8,
                1_000,
                Duration.ofMinutes(10),
                Duration.ofMillis(500),
                Duration.ofSeconds(3),
                EnumSet.allOf(Fault.class),
                seed,
                Duration.ofMinutes(3),
                Duration.ofSeconds(60),
                Duration.ZERO,
                settings(20_000, "1g", logs, logging));
    }

    /** Storms alone: {@code subscribers} in all, three storms 15 s apart, at a rate that proves nothing is lost. */
    static Plan storm(int subscribers, Path logs, String logging, long seed) {
        return new Plan(
                "storm",
                subscribers / 3,
                8,
                40,
                Duration.ofSeconds(50),
                Duration.ofSeconds(15),
                Duration.ofSeconds(15),
                EnumSet.of(Fault.STORM),
                seed,
                Duration.ofMinutes(3),
                Duration.ofMinutes(2),
                Duration.ZERO,
                settings(2_000, "2g", logs, logging));
    }

    /** The soak: moderate load with churn for {@code minutes}, the nodes' health sampled every 30 s. */
    static Plan soak(Duration duration, Path logs, String logging, long seed) {
        return new Plan(
                "soak",
                50,
                4,
                200,
                duration,
                Duration.ofSeconds(1),
                Duration.ofSeconds(3),
                EnumSet.of(Fault.CLIENT_DROP, Fault.SLOW_CONSUMERS, Fault.SERVER_CLOSE, Fault.REPLACE),
                seed,
                Duration.ofMinutes(2),
                Duration.ofSeconds(30),
                Duration.ofSeconds(30),
                settings(2_000, "512m", logs, logging));
    }

    private static NodeProcess.Settings settings(int history, String heap, Path logs, String logging) {
        // A short stall timeout, so that slow consumers are also closed by the server, not only held back by TCP;
        // a short tab idle timeout, so that the tabs of departed clients are let go within the soak.
        return new NodeProcess.Settings(history, Duration.ofSeconds(4), Duration.ofMinutes(1), heap, logs, logging);
    }
}
