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
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * One node on one Redis against three nodes on a Redis Cluster of three masters (issue 24's benchmark): the same
 * clients, split evenly over the nodes, follow rooms over WebSocket; every node publishes its share of each room's
 * events at once. It prints, per setup and run: deliveries per second in all and per node, the p50 and p99 from
 * publish to receipt, Redis commands per publish and per delivery (from {@code INFO commandstats}, script calls
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
    private static final Pattern TICK = Pattern.compile("\"data\":\\{\"room\":(\\d+),\"seq\":(\\d+),\"sent\":(\\d+)}");
    /** The sequence numbers of the warm-up's events start here; the measured ones at 0. */
    private static final int WARM_UP = 1_000_000;

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

    @Test
    void oneNodeOnOneRedisAgainstThreeNodesOnARedisCluster() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int run = 1; run <= RUNS; run++) {
            try (RedisProcess redis = RedisProcess.start()) {
                lines.add(
                        measure("1 node, 1 Redis", run, 1, () -> RedisBackplane.builder(redis.url()), List.of(redis)));
            }
            try (RedisCluster cluster = RedisCluster.start(3, 0, Duration.ofSeconds(5))) {
                lines.add(measure(
                        "3 nodes, 3-master cluster",
                        run,
                        3,
                        () -> RedisBackplane.clusterBuilder(cluster.urls().toArray(String[]::new)),
                        cluster.nodes()));
            }
        }
        System.out.printf(
                "Scale-out benchmark: %d WebSocket clients over %d rooms, %d events per room, one JVM on %d cores%n"
                        + "setup | run | deliveries/s | per node | p50 ms | p99 ms | Redis commands per publish |"
                        + " per delivery | JVM CPU us per delivery | Redis CPU us per delivery%n%s%n",
                CLIENTS, ROOMS, EVENTS, Runtime.getRuntime().availableProcessors(), String.join("\n", lines));
    }

    private static String measure(
            String setup, int run, int nodeCount, Supplier<RedisBackplane.Builder> redis, List<RedisProcess> servers)
            throws Exception {
        List<RealtimeServer> nodes = new ArrayList<>();
        List<Client> clients = new ArrayList<>();
        HttpClient http = HttpClient.newHttpClient();
        try {
            for (int i = 0; i < nodeCount; i++) {
                nodes.add(node(redis.get()));
            }
            for (int i = 0; i < CLIENTS; i++) {
                RealtimeServer node = nodes.get(i % nodeCount);
                clients.add(Client.open(http, node, i % ROOMS));
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
                    () -> clients.stream().allMatch(c -> c.warmedUp.get() == EVENTS),
                    () -> "the warm-up's events at every client");

            CommandStats.reset(servers);
            double redisCpuBefore = redisCpu(servers);
            OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long cpuBefore = os.getProcessCpuTime();
            long start = System.nanoTime();
            publish(nodes, 0);
            long deliveries = (long) CLIENTS * EVENTS;
            Nodes.await(
                    () -> clients.stream().mapToLong(c -> c.received.get()).sum() >= deliveries,
                    () -> "every delivery; "
                            + clients.stream().mapToLong(c -> c.received.get()).sum() + " of " + deliveries);
            long last = clients.stream().mapToLong(c -> c.lastNanos).max().orElseThrow();
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
            long[] latencies = clients.stream()
                    .flatMapToLong(c -> c.latencies.stream().mapToLong(Long::longValue))
                    .sorted()
                    .toArray();
            double seconds = (last - start) / 1e9;
            long total = commands.values().stream().mapToLong(Long::longValue).sum();
            return String.format(
                    "%s | %d | %,.0f | %,.0f | %.1f | %.1f | %.1f | %.2f | %.1f | %.1f",
                    setup,
                    run,
                    deliveries / seconds,
                    deliveries / seconds / nodeCount,
                    percentile(latencies, 0.50) / 1e6,
                    percentile(latencies, 0.99) / 1e6,
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

    /** One WebSocket client of one room: counts, checks and times what it receives; no thread of its own. */
    private static final class Client implements WebSocket.Listener {
        final RealtimeServer node;
        final int room;
        final AtomicLong received = new AtomicLong();
        final AtomicLong warmedUp = new AtomicLong();
        final List<Long> latencies = new ArrayList<>();
        private final List<Integer> seqs = new ArrayList<>();
        private final StringBuilder partial = new StringBuilder();
        volatile long lastNanos;
        private WebSocket socket;

        private Client(RealtimeServer node, int room) {
            this.node = node;
            this.room = room;
        }

        static Client open(HttpClient http, RealtimeServer node, int room) {
            Client client = new Client(node, room);
            URI uri = URI.create("ws" + node.uri().toString().substring("http".length()) + "/room/" + room);
            client.socket = http.newWebSocketBuilder()
                    .subprotocols("realtime.v1")
                    .buildAsync(uri, client)
                    .orTimeout(20, TimeUnit.SECONDS)
                    .join();
            return client;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                long now = System.nanoTime();
                Matcher tick = TICK.matcher(partial);
                if (tick.find() && Integer.parseInt(tick.group(2)) >= WARM_UP) {
                    warmedUp.incrementAndGet();
                } else if (tick.find(0)) {
                    synchronized (this) {
                        seqs.add(Integer.parseInt(tick.group(2)));
                        latencies.add(now - Long.parseLong(tick.group(3)));
                    }
                    lastNanos = now;
                    received.incrementAndGet();
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        synchronized List<Integer> seqs() {
            return List.copyOf(seqs);
        }

        void close() {
            if (socket != null) {
                socket.abort();
            }
        }
    }
}
