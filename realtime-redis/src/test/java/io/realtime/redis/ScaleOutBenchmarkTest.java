package io.realtime.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.OperatingSystemMXBean;
import io.realtime.Connection;
import io.realtime.Duplex;
import io.realtime.PathParam;
import io.realtime.Topic;
import io.realtime.Topics;
import io.realtime.jetty.RealtimeServer;
import io.realtime.runtime.RealtimeConfig;
import io.realtime.testing.Spreads;
import io.realtime.testing.TickSocket;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntPredicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * One node on one Redis against three nodes on a Redis Cluster of three masters: the same
 * clients, split evenly over the nodes, follow rooms over WebSocket; every node publishes its share of each room's
 * events at once. It prints, per setup and run: deliveries per second in all and per node, the p50 and p99 from
 * publish to receipt in the burst and at a steady rate, Redis commands per publish and per delivery (from {@code INFO commandstats}, script calls
 * included), and this JVM's CPU time per delivery (nodes and clients share it) beside Redis's own.
 *
 * <p>Everything runs on one machine, so three nodes share its cores with the clients and Redis: the figures show what
 * the backplane and the cluster cost per delivery, not what more machines would add. By default a short form runs
 * in {@code verify} and checks only that every client received every event of its room once, in the same order as every other client of
 * the room; the long
 * form is {@code -Dscaleout.clients=3000 -Dscaleout.events=100 -Dscaleout.runs=3} (docs/scaling.md, "Sizing").
 */
class ScaleOutBenchmarkTest {

    private static final int CLIENTS = Integer.getInteger("scaleout.clients", 300);
    private static final int ROOMS = Integer.getInteger("scaleout.rooms", 10);
    private static final int EVENTS = Integer.getInteger("scaleout.events", 20);
    private static final int RUNS = Integer.getInteger("scaleout.runs", 1);
    private static final int RATE = Integer.getInteger("scaleout.rate", 100);
    /** The sequence numbers of the warm-up's events start here; the burst's at 0. */
    private static final int WARM_UP = 1_000_000;

    /** The sequence numbers of the paced events start here. */
    private static final int PACED = 2_000_000;

    private static final Pattern CPU = Pattern.compile("used_cpu_(?:sys|user):([0-9.]+)");

    /** Rooms over WebSocket; a tick carries the time it was published. */
    public static class Rooms {
        public record Tick(int room, int seq, long sent) {}

        private final Topics topics;

        public Rooms(Topics topics) {
            this.topics = topics;
        }

        @Duplex("/room/{n}")
        public Topic<Tick> join(Connection<Tick> connection, @PathParam("n") String room) {
            return topics.get("room-" + room);
        }

        @Duplex("/room/{n}")
        public void say(Tick tick) {
            // the clients only listen
        }
    }

    /** One setup's figures in one run. */
    record Row(
            String setup,
            int run,
            double deliveriesPerSecond,
            double perNode,
            double burstP50,
            double burstP99,
            double pacedP50,
            double pacedP99,
            double commandsPerPublish,
            double commandsPerDelivery,
            double jvmMicrosPerDelivery,
            double redisMicrosPerDelivery) {

        String line() {
            return String.format(
                    "%s | %d | %,.0f | %,.0f | %.1f | %.1f | %.1f | %.1f | %.1f | %.3f | %.1f | %.2f",
                    setup,
                    run,
                    deliveriesPerSecond,
                    perNode,
                    burstP50,
                    burstP99,
                    pacedP50,
                    pacedP99,
                    commandsPerPublish,
                    commandsPerDelivery,
                    jvmMicrosPerDelivery,
                    redisMicrosPerDelivery);
        }
    }

    @Test
    void oneNodeOnOneRedisAgainstThreeNodesOnARedisCluster() throws Exception {
        List<Row> rows = new ArrayList<>();
        for (int run = 1; run <= RUNS; run++) {
            try (RedisProcess redis = RedisProcess.start()) {
                rows.add(measure(ONE, run, 1, () -> RedisBackplane.builder(redis.url()), List.of(redis)));
            }
            try (RedisCluster cluster = RedisCluster.start(3, 0, Duration.ofSeconds(5))) {
                rows.add(measure(
                        THREE,
                        run,
                        3,
                        () -> RedisBackplane.clusterBuilder(cluster.urls().toArray(String[]::new)),
                        cluster.nodes()));
            }
        }
        StringBuilder table = new StringBuilder();
        rows.forEach(row -> table.append(row.line()).append('\n'));
        for (String setup : List.of(ONE, THREE)) {
            List<Row> of =
                    rows.stream().filter(row -> row.setup().equals(setup)).toList();
            table.append(setup)
                    .append(", min / median / max of ")
                    .append(of.size())
                    .append(" runs: deliveries/s ")
                    .append(Spreads.of(of, Row::deliveriesPerSecond, "%,.0f"))
                    .append("; per node ")
                    .append(Spreads.of(of, Row::perNode, "%,.0f"))
                    .append("; paced p99 ms ")
                    .append(Spreads.of(of, Row::pacedP99, "%.1f"))
                    .append("; JVM CPU us per delivery ")
                    .append(Spreads.of(of, Row::jvmMicrosPerDelivery, "%.1f"))
                    .append('\n');
        }
        System.out.printf(
                "Scale-out benchmark: %d WebSocket clients over %d rooms; a burst of %d events per room published at"
                        + " once, then as many at %d publishes a second; one JVM on %d cores%n"
                        + "setup | run | burst deliveries/s | per node | burst p50 ms | burst p99 ms | paced p50 ms |"
                        + " paced p99 ms | Redis commands per publish | per delivery | JVM CPU us per delivery |"
                        + " Redis CPU us per delivery%n%s",
                CLIENTS, ROOMS, EVENTS, RATE, Runtime.getRuntime().availableProcessors(), table);
    }

    private static final String ONE = "1 node, 1 Redis";
    private static final String THREE = "3 nodes, 3-master cluster";

    private static Row measure(
            String setup, int run, int nodeCount, Supplier<RedisBackplane.Builder> redis, List<RedisProcess> servers)
            throws Exception {
        List<RealtimeServer> nodes = new ArrayList<>();
        List<Client> clients = new ArrayList<>();
        // The JDK client reads every socket of one HttpClient on one selector thread: one client per 100 sockets,
        // so that the load generator does not become the latency it measures.
        List<HttpClient> http = new ArrayList<>();
        try {
            for (int i = 0; i < nodeCount; i++) {
                nodes.add(node(redis.get()));
            }
            for (int i = 0; i < CLIENTS; i++) {
                RealtimeServer node = nodes.get(i % nodeCount);
                if (i % 100 == 0) {
                    http.add(HttpClient.newHttpClient());
                }
                clients.add(Client.open(http.get(http.size() - 1), node, i % ROOMS));
            }
            for (RealtimeServer node : nodes) {
                int expected =
                        (int) clients.stream().filter(c -> c.node == node).count();
                Nodes.await(
                        () -> node.stats().subscriptions() == expected, () -> expected + " clients on " + node.uri());
            }
            for (int room = 0; room < ROOMS; room++) { // every node follows every room before the measure starts
                for (RealtimeServer node : nodes) {
                    node.topics().get("room-" + room);
                }
            }

            publish(nodes, WARM_UP); // the JIT's turn, before anything is measured
            Nodes.await(
                    () -> clients.stream().allMatch(c -> c.socket().count() == EVENTS),
                    () -> "the warm-up's events at every client");

            CommandStats.reset(servers);
            double redisCpuBefore = redisCpu(servers);
            OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long cpuBefore = os.getProcessCpuTime();
            long start = System.nanoTime();
            publish(nodes, 0);
            long deliveries = (long) CLIENTS * EVENTS;
            Nodes.await(
                    () -> clients.stream().mapToLong(c -> c.socket().count()).sum() >= 2 * deliveries,
                    () -> "every delivery; "
                            + (clients.stream()
                                            .mapToLong(c -> c.socket().count())
                                            .sum()
                                    - deliveries) + " of "
                            + deliveries);
            long last = clients.stream()
                    .flatMap(c -> c.socket().ticks(seq -> seq < WARM_UP).stream())
                    .mapToLong(TickSocket.Tick::receivedNanos)
                    .max()
                    .orElseThrow();
            long cpu = os.getProcessCpuTime() - cpuBefore;
            double redisCpu = redisCpu(servers) - redisCpuBefore;
            Map<String, Long> commands = CommandStats.counts(servers);

            Map<Integer, List<Integer>> orderOfRoom = new HashMap<>();
            for (Client client : clients) {
                List<Integer> seqs = client.seqs();
                assertThat(seqs)
                        .as("client of room %d on %s: every event once", client.room, client.node.uri())
                        .containsExactlyInAnyOrderElementsOf(
                                IntStream.range(0, EVENTS).boxed().toList());
                assertThat(seqs) // nodes publish a room's events at once: the room's order is Redis's, the same for all
                        .as("client of room %d on %s: the room's one order", client.room, client.node.uri())
                        .isEqualTo(orderOfRoom.computeIfAbsent(client.room, room -> seqs));
            }
            long[] latencies = sorted(clients, seq -> seq < WARM_UP);
            double seconds = (last - start) / 1e9;
            long total = commands.values().stream().mapToLong(Long::longValue).sum();

            pace(nodes);
            Nodes.await(
                    () -> clients.stream().allMatch(c -> c.socket().count() == 3L * EVENTS),
                    () -> "the paced events at every client");
            long[] paced = sorted(clients, seq -> seq >= PACED);
            return new Row(
                    setup,
                    run,
                    deliveries / seconds,
                    deliveries / seconds / nodeCount,
                    percentile(latencies, 0.50) / 1e6,
                    percentile(latencies, 0.99) / 1e6,
                    percentile(paced, 0.50) / 1e6,
                    percentile(paced, 0.99) / 1e6,
                    (double) total / (ROOMS * EVENTS),
                    (double) total / deliveries,
                    cpu / 1e3 / deliveries,
                    redisCpu * 1e6 / deliveries);
        } finally {
            clients.forEach(Client::close);
            for (RealtimeServer node : nodes) {
                node.close();
            }
        }
    }

    /**
     * Each node publishes its share of every room's events, one thread per node, all at once.
     *
     * @param first the first event's sequence number: 0, or {@link #WARM_UP} for the warm-up's
     */
    private static void publish(List<RealtimeServer> nodes, int first) throws Exception {
        ExecutorService publishers = Executors.newFixedThreadPool(nodes.size());
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int n = 0; n < nodes.size(); n++) {
                int index = n;
                done.add(publishers.submit(() -> {
                    for (int seq = 0; seq < EVENTS; seq++) {
                        for (int room = 0; room < ROOMS; room++) {
                            if ((seq * ROOMS + room) % nodes.size() == index) {
                                nodes.get(index)
                                        .topics()
                                        .get("room-" + room)
                                        .publish(new Rooms.Tick(room, first + seq, System.nanoTime()));
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            publishers.shutdownNow();
        }
    }

    /**
     * Publishes as many events as the burst, one room after the other, at {@link #RATE} publishes a second in all,
     * each node in turn: the latency of a delivery when nothing queues.
     */
    private static void pace(List<RealtimeServer> nodes) {
        long interval = 1_000_000_000L / RATE;
        long start = System.nanoTime();
        for (int i = 0; i < ROOMS * EVENTS; i++) {
            LockSupport.parkNanos(start + i * interval - System.nanoTime());
            int room = i % ROOMS;
            nodes.get(i % nodes.size())
                    .topics()
                    .get("room-" + room)
                    .publish(new Rooms.Tick(room, PACED + i / ROOMS, System.nanoTime()));
        }
    }

    private static long[] sorted(List<Client> clients, IntPredicate seqs) {
        return clients.stream()
                .flatMap(client -> client.socket().ticks(seqs).stream())
                .mapToLong(TickSocket.Tick::latencyNanos)
                .sorted()
                .toArray();
    }

    private static double redisCpu(List<RedisProcess> servers) {
        double seconds = 0;
        for (RedisProcess server : servers) {
            Matcher matcher = CPU.matcher(server.admin().info("cpu"));
            while (matcher.find()) {
                seconds += Double.parseDouble(matcher.group(1));
            }
        }
        return seconds;
    }

    private static long percentile(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
    }

    private static RealtimeServer node(RedisBackplane.Builder redis) {
        RealtimeConfig config = RealtimeConfig.builder()
                .backplane(redis.build())
                .connectRate(100_000)
                .connectBurst(100_000)
                .maxSubscriptionsPerAddress(1_000_000)
                .build();
        return RealtimeServer.builder().config(config).services(Rooms.class).start();
    }

    /** One WebSocket client of one room, on one node. */
    private record Client(RealtimeServer node, int room, TickSocket socket) {

        static Client open(HttpClient http, RealtimeServer node, int room) {
            URI uri = URI.create("ws" + node.uri().toString().substring("http".length()) + "/room/" + room);
            return new Client(node, room, TickSocket.open(http, uri));
        }

        List<Integer> seqs() {
            return socket.ticks(seq -> seq < WARM_UP).stream()
                    .map(TickSocket.Tick::seq)
                    .toList();
        }

        void close() {
            socket.close();
        }
    }
}
