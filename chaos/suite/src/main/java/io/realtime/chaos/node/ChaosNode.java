package io.realtime.chaos.node;

import io.realtime.redis.RedisBackplane;
import io.realtime.runtime.Realtime;
import io.realtime.runtime.RealtimeConfig;
import io.realtime.runtime.RealtimeStats;
import io.realtime.runtime.TokenKey;
import io.realtime.testing.ContainerServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * The main class of a node JVM: the library on whichever container kit is on the class path, serving
 * {@link Feeds} with the Redis backplane on a given port of 127.0.0.1. It prints {@code chaos-node listening
 * <port> <server>} once it serves, then answers commands read from standard input, one per line, each with one
 * line starting {@code chaos-node}:
 *
 * <ul>
 *   <li>{@code drop}: closes every connection from the server's side, as a proxy restart would;
 *   <li>{@code redeploy}: stops the application and starts it again, as a redeployment would (its goodbye
 *       reaches the clients);
 *   <li>{@code health}: a full collection, then the heap in use, the JVM's threads, its open file descriptors and
 *       the runtime's statistics, as JSON;
 *   <li>{@code exit}: stops gracefully.
 * </ul>
 *
 * The driver holds standard input: when it closes (the driver ended, however abruptly), the node halts, so no
 * node outlives its run. A crash is the driver killing the process (SIGKILL).
 */
public final class ChaosNode {

    /** The secret every node signs tab tokens with, so that a tab's token is valid on both nodes. */
    static final String TOKEN_KEY = "chaos:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8";

    private ChaosNode() {}

    /**
     * Starts a node.
     *
     * @param args {@code <port> <redis url> <history events> <stall timeout ms> <tab idle timeout s>}
     */
    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        int history = Integer.parseInt(args[2]);
        RealtimeConfig config = RealtimeConfig.builder()
                .backplane(RedisBackplane.builder(args[1])
                        .history(history, Duration.ofMinutes(10))
                        // Above the default 1 s: on a loaded machine the connection's handshake alone can take
                        // longer, and a node that cannot start proves nothing.
                        .timeout(Duration.ofSeconds(5))
                        .build())
                .historyMaxEvents(history)
                .stallTimeout(Duration.ofMillis(Long.parseLong(args[3])))
                .tabIdleTimeout(Duration.ofSeconds(Long.parseLong(args[4])))
                .tokenKeys(List.of(TokenKey.parse(TOKEN_KEY)))
                // Every subscriber connects from 127.0.0.1; the bounds per address are for the open internet.
                .maxPollsPerAddress(100_000)
                .maxTabsPerAddress(100_000)
                .maxSubscriptionsPerAddress(1_000_000)
                // Nor is connecting paced per address: a storm of 10,000 subscribers from one address would measure
                // the pacing (100 a second by default), not how the nodes take 10,000 clients coming back.
                .connectRate(1_000_000)
                .connectBurst(1_000_000)
                // The publisher sends each topic's ticks over one WebSocket, more than the default 32 at a time.
                .inboundQueue(4_096)
                .build();
        ContainerServer server = ContainerServer.builder()
                .port(port)
                .config(config)
                .services(Feeds.class)
                .start();
        reply("listening " + server.uri().getPort() + " " + server.serverInfo());
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String command; (command = commands.readLine()) != null; ) {
            switch (command) {
                case "drop" -> reply("dropped " + server.dropConnections());
                case "redeploy" -> {
                    server.stopApplication();
                    server.startApplication();
                    reply("redeployed");
                }
                case "health" -> reply("health " + health(server));
                case "exit" -> {
                    server.close();
                    reply("exited");
                    System.exit(0);
                }
                default -> reply("unknown " + command);
            }
        }
        Runtime.getRuntime().halt(0); // the driver has gone
    }

    private static void reply(String line) {
        System.out.println("chaos-node " + line);
        System.out.flush();
    }

    private static String health(ContainerServer server) throws IOException {
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        int threads = ManagementFactory.getThreadMXBean().getThreadCount();
        long descriptors;
        try (Stream<Path> open = Files.list(Path.of("/proc/self/fd"))) {
            descriptors = open.count();
        }
        RealtimeStats stats = Realtime.stats(server.servletContext());
        return "{\"heap\":" + heap + ",\"threads\":" + threads + ",\"descriptors\":" + descriptors
                + ",\"connections\":" + stats.connections() + ",\"subscriptions\":" + stats.subscriptions()
                + ",\"topics\":" + stats.topics() + ",\"waitingPolls\":" + stats.waitingPolls() + ",\"tabs\":"
                + stats.tabs() + ",\"queued\":" + stats.queuedMessages() + "}";
    }
}
