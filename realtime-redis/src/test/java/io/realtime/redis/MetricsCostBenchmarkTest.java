package io.realtime.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.OperatingSystemMXBean;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.realtime.Connection;
import io.realtime.Duplex;
import io.realtime.Topic;
import io.realtime.Topics;
import io.realtime.jetty.RealtimeServer;
import io.realtime.runtime.RealtimeConfig;
import io.realtime.runtime.RealtimeMetrics;
import io.realtime.testing.Await;
import io.realtime.testing.Spreads;
import io.realtime.testing.TickSocket;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * What the runtime's meters cost (docs/observability.md, "What the meters cost"): the same burst of events to
 * the same WebSocket clients, on a fresh server with no registry bound and on one bound to a
 * {@link SimpleMeterRegistry}, the two interleaved run after run. It prints, per run, the deliveries per second from
 * the first publish to the last arrival and this JVM's CPU time per delivery (server and clients share it), then the
 * min / median / max of each side and the ratio of the medians.
 *
 * <p>By default a short form runs in {@code verify} and checks only that every client received every event once, in
 * order, both ways; the long form is {@code -Dmetrics.cost.clients=2000 -Dmetrics.cost.events=200
 * -Dmetrics.cost.runs=5}. Never a timing assertion: the machine is shared.
 */
class MetricsCostBenchmarkTest {

    private static final int CLIENTS = Integer.getInteger("metrics.cost.clients", 100);
    private static final int EVENTS = Integer.getInteger("metrics.cost.events", 50);
    private static final int RUNS = Integer.getInteger("metrics.cost.runs", 1);

    /** One topic of ticks over WebSocket. */
    public static class Ticks {
        public record Tick(int seq, long sent) {}

        private final Topics topics;

        public Ticks(Topics topics) {
            this.topics = topics;
        }

        @Duplex("/ticks")
        public Topic<Tick> join(Connection<Tick> connection) {
            return topics.get("ticks");
        }

        @Duplex("/ticks")
        public void say(Tick tick) {
            // the clients only listen
        }
    }

    /**
     * @param metered whether a registry was bound
     * @param deliveriesPerSecond from the first publish to the last arrival
     * @param cpuMicrosPerDelivery this JVM's CPU time per delivery
     */
    record Run(boolean metered, double deliveriesPerSecond, double cpuMicrosPerDelivery) {}

    @Test
    void theSameBurstWithAndWithoutARegistry() throws Exception {
        List<Run> runs = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            runs.add(run(false));
            runs.add(run(true));
        }
        StringBuilder lines = new StringBuilder();
        runs.forEach(run -> lines.append(String.format(
                "%s | %,.0f | %.2f%n",
                run.metered() ? "on" : "off", run.deliveriesPerSecond(), run.cpuMicrosPerDelivery())));
        List<Run> off = runs.stream().filter(run -> !run.metered()).toList();
        List<Run> on = runs.stream().filter(Run::metered).toList();
        System.out.printf(
                "Metrics cost: %d WebSocket clients, bursts of %d events, %d runs each way, one JVM on %d cores%n"
                        + "meters | deliveries/s | CPU us per delivery%n%s"
                        + "off, min / median / max: %s deliveries/s, %s us per delivery%n"
                        + "on,  min / median / max: %s deliveries/s, %s us per delivery%n"
                        + "on / off, medians: throughput %.3f, CPU per delivery %.3f%n",
                CLIENTS,
                EVENTS,
                RUNS,
                Runtime.getRuntime().availableProcessors(),
                lines,
                Spreads.of(off, Run::deliveriesPerSecond, "%,.0f"),
                Spreads.of(off, Run::cpuMicrosPerDelivery, "%.2f"),
                Spreads.of(on, Run::deliveriesPerSecond, "%,.0f"),
                Spreads.of(on, Run::cpuMicrosPerDelivery, "%.2f"),
                Spreads.median(on, Run::deliveriesPerSecond) / Spreads.median(off, Run::deliveriesPerSecond),
                Spreads.median(on, Run::cpuMicrosPerDelivery) / Spreads.median(off, Run::cpuMicrosPerDelivery));
    }

    private static Run run(boolean metered) throws Exception {
        List<TickSocket> clients = new ArrayList<>();
        try (RealtimeServer server = RealtimeServer.builder()
                .config(RealtimeConfig.builder()
                        .connectRate(100_000)
                        .connectBurst(100_000)
                        .build())
                .services(Ticks.class)
                .start()) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            if (metered) {
                RealtimeMetrics.of(server.servletContext()).bindTo(registry);
            }
            List<HttpClient> http = new ArrayList<>();
            URI uri = URI.create("ws" + server.uri().toString().substring("http".length()) + "/ticks");
            for (int i = 0; i < CLIENTS; i++) {
                if (i % 100 == 0) {
                    http.add(HttpClient.newHttpClient());
                }
                clients.add(TickSocket.open(http.get(http.size() - 1), uri));
            }
            Await.stats(server, CLIENTS + " subscribers", stats -> stats.subscriptions() == CLIENTS);
            Topic<Ticks.Tick> topic = server.topics().get("ticks");

            burst(topic, 0); // the JIT's turn
            Await.until("the warm-up at every client", () -> clients.stream().allMatch(c -> c.count() == EVENTS));

            OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long cpu = os.getProcessCpuTime();
            long start = System.nanoTime();
            burst(topic, EVENTS);
            Await.until("the burst at every client", () -> clients.stream().allMatch(c -> c.count() == 2L * EVENTS));
            long cpuUsed = os.getProcessCpuTime() - cpu;
            long last = clients.stream()
                    .flatMap(c -> c.ticks(seq -> seq >= EVENTS).stream())
                    .mapToLong(TickSocket.Tick::receivedNanos)
                    .max()
                    .orElseThrow();

            for (TickSocket client : clients) {
                assertThat(client.ticks(seq -> true).stream().map(TickSocket.Tick::seq))
                        .as("every event once, in order")
                        .containsExactlyElementsOf(
                                IntStream.range(0, 2 * EVENTS).boxed().toList());
            }
            if (metered) {
                assertThat(registry.find("realtime.events.delivered").functionCounters().stream()
                                        .mapToDouble(counter -> counter.count())
                                        .sum()
                                + registry.find("realtime.events.delivered").counters().stream()
                                        .mapToDouble(counter -> counter.count())
                                        .sum())
                        .as("the registry counted the deliveries")
                        .isGreaterThanOrEqualTo(2.0 * EVENTS * CLIENTS);
            }
            long deliveries = (long) CLIENTS * EVENTS;
            return new Run(metered, deliveries / ((last - start) / 1e9), cpuUsed / 1e3 / deliveries);
        } finally {
            clients.forEach(TickSocket::close);
        }
    }

    private static void burst(Topic<Ticks.Tick> topic, int first) {
        for (int seq = first; seq < first + EVENTS; seq++) {
            topic.publish(new Ticks.Tick(seq, System.nanoTime()));
        }
    }
}
