package io.realtime.bench.driver;

import io.realtime.bench.load.Transport;
import java.time.Duration;
import java.util.List;

/**
 * The sizes of one run's scenarios.
 *
 * @param warmClients clients during the warm-up
 * @param warmTicks ticks published back to back during the warm-up: most of every variant's history (the
 *     library's 1,000 events, Atmosphere's cache of 1,000 per client, the hand-written queues and log of 1,000),
 *     and no more, so that no client falls out of it
 * @param ladder subscriber counts, ascending: memory is measured at the {@code idle} ones, latency at each one
 *     in turn, and capacity is the largest count before p95 first exceeds the bound
 * @param idle the counts at which idle memory is measured, once every client has received a broadcast
 * @param latency the two counts whose latency is reported (scenario 2)
 * @param rate broadcasts per second while latency is measured over WebSocket and Server-Sent Events
 * @param pollRate the same over long-poll, where every broadcast makes every subscriber send a new request:
 *     at 10 per second, 10,000 subscribers would need 100,000 requests per second, more than two cores shared
 *     with the load generator can send and serve, whatever the server's code, so the ladder would measure the
 *     machine
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
 *     server should count) without any progress before the scenario fails; deliveries that keep coming are
 *     waited for up to twelve times as long
 * @param burstCap the longest wait for a back-to-back burst's deliveries that keep coming: long enough for the
 *     slowest variant to deliver the whole burst, so that its throughput is measured rather than cut short
 * @param runs how many times each server variant is measured; medians are reported
 */
record Plan(
        int warmClients,
        int warmTicks,
        List<Integer> ladder,
        List<Integer> idle,
        List<Integer> latency,
        double rate,
        double pollRate,
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
        Duration burstCap,
        int runs) {

    /** Small enough for the build: every scenario runs, with a handful of clients. */
    static Plan quick() {
        return new Plan(
                10,
                50,
                List.of(20, 50),
                List.of(20, 50),
                List.of(20, 50),
                10,
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
                Duration.ofSeconds(30),
                1);
    }

    /** The measurement behind the README's figures. */
    static Plan full(int runs) {
        return new Plan(
                200,
                800,
                List.of(1_000, 5_000, 10_000, 15_000),
                List.of(1_000, 5_000, 10_000),
                List.of(1_000, 10_000),
                10,
                1,
                Duration.ofSeconds(3),
                128,
                1_000,
                300,
                1_000,
                1024,
                Duration.ofSeconds(5),
                50,
                Duration.ofSeconds(3),
                Duration.ofMillis(250),
                Duration.ofSeconds(3),
                Duration.ofSeconds(150),
                runs);
    }

    /** Broadcasts per second while latency is measured over {@code transport}. */
    double rate(Transport transport) {
        return transport == Transport.LONG_POLL ? pollRate : rate;
    }

    /** The longest wait for deliveries that keep coming. */
    Duration cap() {
        return patience.multipliedBy(12);
    }
}
