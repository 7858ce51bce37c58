package io.realtime.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.OperatingSystemMXBean;
import io.realtime.Connection;
import io.realtime.Duplex;
import io.realtime.PathParam;
import io.realtime.Topic;
import io.realtime.Topics;
import io.realtime.runtime.RealtimeConfig;
import io.realtime.runtime.RealtimeStats;
import io.realtime.testing.Await;
import io.realtime.testing.Spreads;
import io.realtime.testing.TickSocket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * What multiplexing saves (docs/protocol.md, "Shared connections"): clients that each follow ten topics, either over
 * ten WebSockets of their own (one per {@code @Duplex} endpoint) or over one WebSocket to {@code /realtime/mux}
 * carrying ten subscriptions, the two interleaved run after run on fresh servers. Per run it prints:
 *
 * <ul>
 *   <li>the heap per idle client, after a full GC, with each client's connections opened by bare sockets that
 *       never read (their own objects, a few hundred bytes per socket, are counted too);
 *   <li>the fan-out of a burst on the ten topics to every client through {@link TickSocket}s: deliveries per second
 *       from the first publish to the last arrival, and this JVM's CPU time per delivery (server and clients share
 *       it).
 * </ul>
 *
 * <p>By default a short form runs in {@code verify} and checks only that every client received every event once,
 * each topic in order, both ways; the long form is {@code -Dmux.cost.clients=200 -Dmux.cost.events=50
 * -Dmux.cost.runs=5}. Never a timing assertion: the machine is shared.
 */
class MultiplexCostBenchmarkTest {

    private static final int CLIENTS = Integer.getInteger("mux.cost.clients", 20);
    private static final int EVENTS = Integer.getInteger("mux.cost.events", 10);
    private static final int RUNS = Integer.getInteger("mux.cost.runs", 1);
    private static final int TOPICS = 10;
    private static final int STRIDE = 1_000_000; // a tick's seq: topic * STRIDE + its number in the topic

    /** Ten topics, each behind a {@code @Duplex} endpoint of its own. */
    public static class Feeds {
        public record Tick(int seq, long sent) {}

        private final Topics topics;

        public Feeds(Topics topics) {
            this.topics = topics;
        }

        @Duplex("/feed/{n}")
        public Topic<Tick> join(Connection<Tick> connection, @PathParam("n") String n) {
            return topics.get("feed/" + n);
        }

        @Duplex("/feed/{n}")
        public void say(Tick tick) {
            // the clients only listen
        }
    }

    /**
     * @param multiplexed one connection per client rather than ten
     * @param idleBytesPerClient the heap a connected, idle client costs
     * @param deliveriesPerSecond from the first publish of the burst to the last arrival
     * @param cpuMicrosPerDelivery this JVM's CPU time per delivery during the burst
     */
    record Run(
            boolean multiplexed, double idleBytesPerClient, double deliveriesPerSecond, double cpuMicrosPerDelivery) {}

    @Test
    void tenSubscriptionsOverOneConnectionAgainstTenConnections() throws Exception {
        List<Run> runs = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            runs.add(run(false));
            runs.add(run(true));
        }
        StringBuilder lines = new StringBuilder();
        runs.forEach(run -> lines.append(String.format(
                "%s | %,.0f | %,.0f | %.2f%n",
                run.multiplexed() ? "1 x 10" : "10 x 1",
                run.idleBytesPerClient(),
                run.deliveriesPerSecond(),
                run.cpuMicrosPerDelivery())));
        List<Run> separate = runs.stream().filter(run -> !run.multiplexed()).toList();
        List<Run> shared = runs.stream().filter(Run::multiplexed).toList();
        System.out.printf(
                "Multiplexing cost: %d clients of %d topics each, bursts of %d events per topic, %d runs each way,"
                        + " one JVM on %d cores%n"
                        + "connections x subscriptions | idle heap bytes per client | deliveries/s | CPU us per delivery%n"
                        + "%s"
                        + "10 x 1, min / median / max: %s bytes, %s deliveries/s, %s us%n"
                        + "1 x 10, min / median / max: %s bytes, %s deliveries/s, %s us%n"
                        + "1 x 10 / 10 x 1, medians: idle heap %.3f, throughput %.3f, CPU per delivery %.3f%n",
                CLIENTS,
                TOPICS,
                EVENTS,
                RUNS,
                Runtime.getRuntime().availableProcessors(),
                lines,
                Spreads.of(separate, Run::idleBytesPerClient, "%,.0f"),
                Spreads.of(separate, Run::deliveriesPerSecond, "%,.0f"),
                Spreads.of(separate, Run::cpuMicrosPerDelivery, "%.2f"),
                Spreads.of(shared, Run::idleBytesPerClient, "%,.0f"),
                Spreads.of(shared, Run::deliveriesPerSecond, "%,.0f"),
                Spreads.of(shared, Run::cpuMicrosPerDelivery, "%.2f"),
                Spreads.median(shared, Run::idleBytesPerClient) / Spreads.median(separate, Run::idleBytesPerClient),
                Spreads.median(shared, Run::deliveriesPerSecond) / Spreads.median(separate, Run::deliveriesPerSecond),
                Spreads.median(shared, Run::cpuMicrosPerDelivery)
                        / Spreads.median(separate, Run::cpuMicrosPerDelivery));
    }

    private static Run run(boolean multiplexed) throws Exception {
        try (RealtimeServer server = RealtimeServer.builder()
                .config(RealtimeConfig.builder()
                        .connectRate(100_000)
                        .connectBurst(100_000)
                        .maxTabsPerAddress(1_000_000)
                        .maxSubscriptionsPerAddress(1_000_000)
                        .build())
                .services(Feeds.class)
                .start()) {
            double idle = idleBytesPerClient(server, multiplexed);
            return fanOut(server, multiplexed, idle);
        }
    }

    /** Heap per client, connected and subscribed over bare sockets that never read. */
    private static double idleBytesPerClient(RealtimeServer server, boolean multiplexed) throws IOException {
        long before = heapAfterGc();
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int client = 0; client < CLIENTS; client++) {
                if (multiplexed) {
                    Socket socket = BareWebSocket.open(server.uri(), "/realtime/mux");
                    sockets.add(socket);
                    BareWebSocket.sendText(socket, subscribeAll());
                } else {
                    for (int topic = 0; topic < TOPICS; topic++) {
                        sockets.add(BareWebSocket.open(server.uri(), "/feed/" + topic));
                    }
                }
            }
            awaitSubscribed(server, multiplexed);
            return (heapAfterGc() - before) / (double) CLIENTS;
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
            Await.stats(server, "no connection left", stats -> stats.connections() == 0);
        }
    }

    private static Run fanOut(RealtimeServer server, boolean multiplexed, double idle) {
        List<List<TickSocket>> clients = new ArrayList<>();
        List<HttpClient> http = new ArrayList<>();
        String ws = "ws" + server.uri().toString().substring("http".length());
        try {
            int opened = 0;
            for (int client = 0; client < CLIENTS; client++) {
                List<TickSocket> sockets = new ArrayList<>();
                for (int topic = 0; topic < (multiplexed ? 1 : TOPICS); topic++) {
                    if (opened++ % 100 == 0) {
                        http.add(HttpClient.newHttpClient()); // one selector thread per hundred sockets
                    }
                    String path = multiplexed ? "/realtime/mux" : "/feed/" + topic;
                    sockets.add(TickSocket.open(http.get(http.size() - 1), URI.create(ws + path)));
                }
                if (multiplexed) {
                    sockets.get(0).send(subscribeAll());
                }
                clients.add(sockets);
            }
            awaitSubscribed(server, multiplexed);
            if (multiplexed) {
                // Counted as soon as it is asked for, a shared subscription follows its topic only once its method
                // has run on a worker, which its subscribed frame says: a burst before that would not reach it.
                Await.until(
                        "a subscribed frame for every subscription",
                        () -> clients.stream()
                                .allMatch(sockets -> sockets.get(0).subscribed() == TOPICS),
                        () -> clients.stream()
                                        .mapToLong(sockets -> sockets.get(0).subscribed())
                                        .sum() + " of " + (long) CLIENTS * TOPICS);
            }
            List<Topic<Feeds.Tick>> topics = IntStream.range(0, TOPICS)
                    .mapToObj(topic -> server.topics().<Feeds.Tick>get("feed/" + topic))
                    .toList();

            burst(topics, 0); // the JIT's turn
            awaitTicks(clients, (long) TOPICS * EVENTS, "the warm-up");
            OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long cpu = os.getProcessCpuTime();
            long start = System.nanoTime();
            burst(topics, EVENTS);
            awaitTicks(clients, 2L * TOPICS * EVENTS, "the burst");
            long cpuUsed = os.getProcessCpuTime() - cpu;
            long last = clients.stream()
                    .flatMap(List::stream)
                    .flatMap(socket -> socket.ticks(seq -> seq % STRIDE >= EVENTS).stream())
                    .mapToLong(TickSocket.Tick::receivedNanos)
                    .max()
                    .orElseThrow();

            for (List<TickSocket> client : clients) {
                for (int topic = 0; topic < TOPICS; topic++) {
                    int first = topic * STRIDE;
                    Predicate<Integer> ofTopic = seq -> seq / STRIDE == first / STRIDE;
                    List<Integer> seen = client.stream()
                            .flatMap(socket -> socket.ticks(ofTopic::test).stream())
                            .map(TickSocket.Tick::seq)
                            .toList();
                    assertThat(seen)
                            .as("every event of topic %d once, in order", topic)
                            .containsExactlyElementsOf(IntStream.range(first, first + 2 * EVENTS)
                                    .boxed()
                                    .toList());
                }
            }
            long deliveries = (long) CLIENTS * TOPICS * EVENTS;
            return new Run(multiplexed, idle, deliveries / ((last - start) / 1e9), cpuUsed / 1e3 / deliveries);
        } finally {
            clients.forEach(sockets -> sockets.forEach(TickSocket::close));
        }
    }

    private static void awaitSubscribed(RealtimeServer server, boolean multiplexed) {
        int subscriptions = CLIENTS * TOPICS;
        if (multiplexed) {
            Await.stats(
                    server,
                    CLIENTS + " connections carrying " + subscriptions + " subscriptions",
                    stats -> stats.connections() == CLIENTS && stats.sharedSubscriptions() == subscriptions);
        } else {
            Await.stats(
                    server,
                    subscriptions + " subscribers",
                    (RealtimeStats stats) ->
                            stats.connections() == subscriptions && stats.subscriptions() == subscriptions);
        }
    }

    private static void awaitTicks(List<List<TickSocket>> clients, long each, String what) {
        Await.until(
                what + " at every client",
                () -> clients.stream()
                        .allMatch(sockets ->
                                sockets.stream().mapToLong(TickSocket::count).sum() == each),
                () -> clients.stream()
                                .filter(sockets -> sockets.stream()
                                                .mapToLong(TickSocket::count)
                                                .sum()
                                        != each)
                                .count()
                        + " clients short of " + each + " ticks");
    }

    private static void burst(List<Topic<Feeds.Tick>> topics, int first) {
        for (int n = first; n < first + EVENTS; n++) {
            for (int topic = 0; topic < topics.size(); topic++) {
                topics.get(topic).publish(new Feeds.Tick(topic * STRIDE + n, System.nanoTime()));
            }
        }
    }

    private static String subscribeAll() {
        StringBuilder set = new StringBuilder("{\"subscribe\":{");
        for (int topic = 0; topic < TOPICS; topic++) {
            set.append(topic == 0 ? "" : ",")
                    .append("\"s")
                    .append(topic)
                    .append("\":{\"path\":\"/feed/")
                    .append(topic)
                    .append("\"}");
        }
        return set.append("}}").toString();
    }

    private static long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** A WebSocket client as small as one can be: a blocking socket, a handshake, masked text frames out. */
    private static final class BareWebSocket {

        static Socket open(URI server, String path) throws IOException {
            Socket socket = new Socket(server.getHost(), server.getPort());
            String request = "GET " + path + " HTTP/1.1\r\n"
                    + "Host: " + server.getHost() + ":" + server.getPort() + "\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Protocol: realtime.v1\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int next = in.read();
                if (next < 0) {
                    throw new IOException("The server closed the handshake of " + path + ": " + head);
                }
                head.append((char) next);
            }
            if (!head.toString().startsWith("HTTP/1.1 101")) {
                socket.close();
                throw new IOException("Refused " + path + ": " + head);
            }
            return socket;
        }

        /** One masked text frame (mask 0: the payload goes as it is). */
        static void sendText(Socket socket, String text) throws IOException {
            byte[] payload = text.getBytes(StandardCharsets.UTF_8);
            OutputStream out = socket.getOutputStream();
            out.write(0x81);
            if (payload.length < 126) {
                out.write(0x80 | payload.length);
            } else {
                out.write(0x80 | 126);
                out.write(payload.length >>> 8);
                out.write(payload.length & 0xff);
            }
            out.write(new byte[4]); // the masking key, all zeros
            out.write(payload);
            out.flush();
        }
    }
}
