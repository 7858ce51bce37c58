package io.realtime.bench.driver;

import io.realtime.bench.load.Transport;
import java.time.Duration;
import java.util.List;

/**
 * The sizes of one run's scenarios.
 *
 * @param warmClients clients during the warm-up
 * @param warmTicks ticks published back to back during the warm-up, enough to fill every variant's history
 * @param ladder subscriber counts, ascending: memory is measured at the {@code idle} ones, latency at each one
 *     in turn, and capacity is the largest count before p95 first exceeds the bound
 * @param idle the counts at which idle memory is measured
 * @param latency the two counts whose latency is reported (scenario 2)
 * @param pollLadder the ladder for long-poll, which costs one HTTP exchange per client and message
 * @param rate broadcasts per second while latency is measured
 * @param latencyTime how long latency is measured at each count
 * @param size the payload size in bytes
 * @param throughputClients clients during the back-to-back burst
 * @param burst ticks published back to back
 * @param stallClients clients during the slow-reader scenario, of which 1% stop reading
 * @param stallSize the payload size then, larger so that the slow readers' buffers fill
 * @param stallTime how long the slow readers are held
 * @param churnConcurrency clients connecting at once during churn
 * @param churnTime how long churn lasts
 * @param p95Bound the p95 that defines capacity
 * @param patience how long to wait for what should come (deliveries after the last broadcast, subscribers the
 *     server should count) before recording a shortfall
 * @param runs how many times each server variant is measured; medians are reported
 */
record Plan(
        int warmClients,
        int warmTicks,
        List<Integer> ladder,
        List<Integer> idle,
        List<Integer> latency,
        List<Integer> pollLadder,
        double rate,
        Duration latencyTime,
        int size,
        int throughputClients,
        int burst,
        int stallClients,
        int stallSize,
        Duration stallTime,
        int churnConcurrency,
        Duration churnTime,
        Duration p95Bound,
        Duration patience,
        int runs) {

    /** Small enough for the build: every scenario runs, with a handful of clients. */
    static Plan quick() {
        return new Plan(
                10,
                50,
                List.of(20, 50),
                List.of(20, 50),
                List.of(20, 50),
                List.of(20, 50),
                10,
                Duration.ofMillis(500),
                128,
                50,
                50,
                100,
                1024,
                Duration.ofMillis(500),
                4,
                Duration.ofMillis(500),
                Duration.ofMillis(250),
                Duration.ofSeconds(2),
                1);
    }

    /** The measurement behind the README's figures. */
    static Plan full(int runs) {
        return new Plan(
                200,
                2_000,
                List.of(1_000, 2_000, 5_000, 10_000, 15_000),
                List.of(1_000, 5_000, 10_000),
                List.of(1_000, 10_000),
                List.of(1_000, 2_000, 5_000, 10_000),
                10,
                Duration.ofSeconds(3),
                128,
                1_000,
                500,
                1_000,
                1024,
                Duration.ofSeconds(10),
                50,
                Duration.ofSeconds(5),
                Duration.ofMillis(250),
                Duration.ofSeconds(10),
                runs);
    }

    List<Integer> ladder(Transport transport) {
        return transport == Transport.LONG_POLL ? pollLadder : ladder;
    }
}
