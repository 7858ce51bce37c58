package io.realtime.bench.driver;

import io.realtime.bench.load.Transport;
import java.time.Duration;
import java.util.List;

/**
 * The sizes of one run's scenarios ({@link #quick()} for the build's completeness check, {@link #full} for the
 * published figures).
 *
 * @param warm the warm-up
 * @param ladder idle memory, latency and capacity
 * @param burst the back-to-back burst
 * @param sweep the sustained-rate sweep
 * @param sizes the message-size sweep
 * @param rooms many topics with few subscribers
 * @param stall slow readers
 * @param churn connect churn
 * @param storm the reconnect storm
 * @param first time to first event under load
 * @param deflate permessage-deflate on and off
 * @param size the payload size of every scenario but the sizes and the slow readers, in bytes
 * @param p95Bound the p95 that defines capacity
 * @param patience how long to wait for what should come (deliveries after the last broadcast, subscribers the
 *     server should count) without any progress before the scenario fails; deliveries that keep coming are waited
 *     for up to twelve times as long
 * @param burstCap the longest wait for a burst's deliveries that keep coming: long enough for the slowest variant
 *     to deliver the whole burst, so that its throughput is measured rather than cut short
 * @param check whether this is the completeness check, whose figures are not compared: memory is then read after
 *     one collection rather than once it has settled, and one server JVM serves the transports one after the other
 *     rather than a fresh one each
 * @param runs how many times each server variant is measured
 */
record Plan(
        Warm warm,
        Ladder ladder,
        Burst burst,
        Sweep sweep,
        Sizes sizes,
        RoomPlan rooms,
        Stall stall,
        ChurnPlan churn,
        Storm storm,
        First first,
        Deflate deflate,
        int size,
        Duration p95Bound,
        Duration patience,
        Duration burstCap,
        boolean check,
        int runs) {

    /**
     * The warm-up: bursts to the same clients until the server's JIT compilers have settled, so that what follows
     * measures compiled code rather than the compilers and the interpreter. A single burst of 200 clients did not
     * do it: a long-poll burst measured right after it spent about a quarter of the server's CPU in the compiler
     * threads and a fifth in the interpreter (perf, both variants), since each request path had run only about a
     * thousand times.
     *
     * @param clients clients during the warm-up
     * @param ticks ticks per burst, published back to back: most of every variant's history (the library's 1,000
     *     events, the strong variant's ring of 1,024, Atmosphere's cache, the naive queues and log of 1,000), and
     *     no more, so that no client falls out of it
     * @param rounds the most bursts
     * @param settled the share of a burst's server CPU time below which the JIT compilers' time in it counts as
     *     settled, ending the warm-up
     */
    record Warm(int clients, int ticks, int rounds, double settled) {}

    /**
     * @param idle the counts at which idle memory is measured, once every client has received a broadcast
     * @param latency the counts whose latency is measured and reported, ascending
     * @param rate broadcasts per second while latency is measured
     * @param pollBudget long-poll requests per second the cores can send and serve beside each other: over
     *     long-poll every broadcast makes every subscriber poll again, so at {@code n} subscribers the rate is
     *     lowered to {@code pollBudget / n} when {@code rate} would exceed it
     * @param broadcasts broadcasts per latency window, so that p99 is not just the worst broadcast
     * @param longest the longest latency window, which only a lowered long-poll rate reaches
     * @param capacityBroadcasts broadcasts per step of the capacity search
     * @param capacityLimit the most subscribers tried: the load generator holds one file descriptor per client
     * @param precision the capacity search stops once the smallest count that failed is at most this factor over
     *     the largest that passed: 1.2 brackets capacity within ±10%
     */
    record Ladder(
            List<Integer> idle,
            List<Integer> latency,
            double rate,
            int pollBudget,
            int broadcasts,
            Duration longest,
            int capacityBroadcasts,
            int capacityLimit,
            double precision) {}

    /** @param clients subscribers; @param ticks ticks published back to back */
    record Burst(int clients, int ticks) {}

    /**
     * @param clients subscribers
     * @param rates broadcasts per second, ascending; the sweep stops at the first rate not sustained
     * @param broadcasts the fewest broadcasts per step
     * @param shortest the shortest step
     */
    record Sweep(int clients, List<Integer> rates, int broadcasts, Duration shortest) {}

    /**
     * @param clients subscribers
     * @param sizes payload sizes in bytes
     * @param bytesPerClient each client receives about this much per size, in at most {@link Burst#ticks} and at
     *     least 5 ticks
     */
    record Sizes(int clients, List<Integer> sizes, int bytesPerClient) {}

    /**
     * @param rooms topics
     * @param members subscribers per topic
     * @param rate publishes per second over all rooms while latency is measured
     * @param ticks publishes in the latency window, and in the burst
     */
    record RoomPlan(int rooms, int members, double rate, int ticks) {}

    /**
     * @param clients clients, of which 1% stop reading
     * @param size the payload size, larger so that the slow readers' buffers fill
     * @param time how long the slow readers are held
     */
    record Stall(int clients, int size, Duration time) {}

    /** @param concurrency clients connecting at once; @param time how long */
    record ChurnPlan(int concurrency, Duration time) {}

    /**
     * @param clients clients that leave together and come back together
     * @param missed ticks published while they are away
     * @param connecting connections set up at once when they come back
     * @param ping the interval of the probe request
     */
    record Storm(int clients, int missed, int connecting, Duration ping) {}

    /**
     * @param background subscribers receiving broadcasts at the ladder's rate meanwhile
     * @param probes new clients, one after another
     * @param concurrency probes at a time
     */
    record First(int background, int probes, int concurrency) {}

    /** @param clients WebSocket clients; @param ticks ticks of the burst */
    record Deflate(int clients, int ticks) {}

    /** Small enough for the build: every scenario runs, with a handful of clients. */
    static Plan quick() {
        return new Plan(
                new Warm(10, 50, 1, 1.0),
                new Ladder(List.of(20, 50), List.of(20, 50), 20, 400, 5, Duration.ofSeconds(2), 3, 100, 2.0),
                new Burst(50, 50),
                new Sweep(20, List.of(100), 10, Duration.ofMillis(200)),
                new Sizes(10, List.of(128, 65_536), 256 * 1024),
                new RoomPlan(5, 4, 50, 25),
                new Stall(50, 1024, Duration.ofMillis(500)),
                new ChurnPlan(4, Duration.ofMillis(500)),
                new Storm(50, 10, 50, Duration.ofMillis(10)),
                new First(20, 6, 2),
                new Deflate(20, 20),
                128,
                Duration.ofMillis(250),
                // Patience only bounds a wait that is failing: on a busy build machine a long-poll client over Redis
                // once made no progress for 2 s in the middle of a burst (the same run passed when repeated).
                Duration.ofSeconds(5),
                Duration.ofSeconds(30),
                true,
                1);
    }

    /** The measurement behind the published figures. */
    static Plan full(int runs) {
        return new Plan(
                new Warm(1_000, 800, 5, 0.03),
                new Ladder(
                        List.of(1_000, 5_000, 10_000),
                        List.of(1_000, 10_000),
                        10,
                        10_000,
                        300,
                        Duration.ofSeconds(60),
                        100,
                        16_000,
                        1.2),
                new Burst(1_000, 800),
                new Sweep(1_000, List.of(50, 100, 200, 400, 800, 1_600), 300, Duration.ofSeconds(3)),
                new Sizes(200, List.of(128, 1_024, 8_192, 65_536), 2 * 1024 * 1024),
                new RoomPlan(1_000, 10, 1_000, 10_000),
                new Stall(1_000, 1024, Duration.ofSeconds(5)),
                new ChurnPlan(50, Duration.ofSeconds(3)),
                new Storm(10_000, 100, 1_000, Duration.ofMillis(10)),
                new First(1_000, 200, 4),
                new Deflate(1_000, 300),
                128,
                Duration.ofMillis(250),
                Duration.ofSeconds(3),
                Duration.ofSeconds(150),
                false,
                runs);
    }

    /** Broadcasts per second while latency is measured at {@code count} subscribers over {@code transport}. */
    double rate(Transport transport, int count) {
        return transport == Transport.LONG_POLL
                ? Math.min(ladder.rate(), (double) ladder.pollBudget() / count)
                : ladder.rate();
    }

    /** Broadcasts in a latency window at {@code rate}: the plan's number, unless that would last too long. */
    int broadcasts(double rate, int wanted) {
        return (int)
                Math.max(5, Math.min(wanted, Math.floor(rate * ladder.longest().toMillis() / 1000.0)));
    }

    /** The longest wait for deliveries that keep coming. */
    Duration cap() {
        return patience.multipliedBy(12);
    }
}
