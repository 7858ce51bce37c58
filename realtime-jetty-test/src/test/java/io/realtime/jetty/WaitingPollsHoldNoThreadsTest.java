package io.realtime.jetty;

import static io.realtime.jetty.PollRequests.awaitWaiting;
import static io.realtime.jetty.PollRequests.cursorOf;
import static io.realtime.jetty.PollRequests.get;
import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.Push;
import io.realtime.Topic;
import io.realtime.Topics;
import io.realtime.runtime.RealtimeConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * 5,000 polls wait at once on embedded Jetty with its default thread pool (at most 200 threads), and the
 * server's threads (Jetty's pool and the runtime's) do not grow with them: a thread per waiting poll would need
 * 5,000. The clients are plain non-blocking sockets on one selector, so they add no threads either. One publish
 * then answers all of them.
 */
class WaitingPollsHoldNoThreadsTest {

    private static final int POLLS = 5_000;
    private static final int BATCH = 250;

    public static class Waits {
        private final Topics topics;

        public Waits(Topics topics) {
            this.topics = topics;
        }

        @Push("/waits")
        public Topic<String> waits() {
            return topics.get("waits");
        }
    }

    @RegisterExtension
    static final RealtimeServerExtension server = RealtimeServerExtension.of(RealtimeServer.builder()
            .services(Waits.class)
            .config(RealtimeConfig.builder()
                    .maxPollsPerAddress(2 * POLLS)
                    .pollTimeout(Duration.ofMinutes(5))
                    .build()));

    @Test
    void waitingPollsHoldNoThreads() throws IOException {
        String cursor = cursorOf(get(server.get(), "/waits"));
        InetSocketAddress address =
                new InetSocketAddress("127.0.0.1", server.get().uri().getPort());
        byte[] request = ("GET /waits?timeout=300&cursor=" + cursor
                        + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        List<Client> clients = new ArrayList<>(POLLS);
        try (Selector selector = Selector.open()) {
            int initial = serverThreads();
            open(clients, BATCH, address, request, selector); // the runtime's and Jetty's pools warm up
            int warm = serverThreads();
            int most = warm;
            int atThousand = 0;
            while (clients.size() < POLLS) {
                open(clients, BATCH, address, request, selector);
                most = Math.max(most, serverThreads());
                if (clients.size() == 1000) {
                    atThousand = serverThreads();
                }
            }
            int atFiveThousand = serverThreads();
            System.out.printf(
                    "WaitingPollsHoldNoThreadsTest: the server's threads: %d before, %d with %d polls waiting,"
                            + " %d with 1000 waiting, %d with %d waiting (most after any batch %d)%n",
                    initial,
                    warm,
                    BATCH,
                    atThousand,
                    atFiveThousand,
                    server.get().stats().waitingPolls(),
                    most);
            System.out.println(
                    "WaitingPollsHoldNoThreadsTest: live JVM threads by name with " + POLLS + " waiting: " + pools());

            assertThat(server.get().stats().waitingPolls()).isEqualTo(POLLS);
            assertThat(atFiveThousand - atThousand)
                    .as("threads added while 4,000 more polls started waiting")
                    .isLessThan(50);
            assertThat(most).as("never anywhere near a thread per poll").isLessThan(POLLS / 10);

            String id = server.get().topics().<String>get("waits").publish("wake");
            readAll(clients, selector);
            for (Client client : clients) {
                assertThat(client.response())
                        .startsWith("HTTP/1.1 200 ")
                        .endsWith("{\"cursor\":\"" + id + "\",\"events\":[{\"id\":\"" + id
                                + "\",\"event\":\"message\",\"data\":\"wake\"}]}");
            }
            assertThat(server.get().stats().waitingPolls()).isZero();
        } finally {
            for (Client client : clients) {
                client.channel.close();
            }
        }
    }

    /**
     * The threads of the server under test: Jetty's pool and the runtime's. Counted by name, because the JVM's
     * total also holds what other tests in this fork left for the garbage collector (the JDK's HTTP clients keep
     * a selector thread each until they are collected).
     */
    private static int serverThreads() {
        return (int) Thread.getAllStackTraces().keySet().stream()
                .map(Thread::getName)
                .filter(name -> name.startsWith("qtp") || name.startsWith("realtime-"))
                .count();
    }

    /** Live threads grouped by name without their numbers, such as {@code qtp..-} or {@code realtime-worker-}. */
    private static java.util.Map<String, Long> pools() {
        return Thread.getAllStackTraces().keySet().stream()
                .collect(java.util.stream.Collectors.groupingBy(
                        t -> t.getName().replaceAll("\\d+", ""),
                        java.util.TreeMap::new,
                        java.util.stream.Collectors.counting()));
    }

    private static void open(
            List<Client> clients, int count, InetSocketAddress address, byte[] request, Selector selector)
            throws IOException {
        for (int i = 0; i < count; i++) {
            if (i % 40 == 0) {
                // Jetty's accept queue holds 50 connections; a fuller one drops handshakes for a second.
                awaitWaiting(server.get(), clients.size());
            }
            SocketChannel channel = SocketChannel.open(address);
            ByteBuffer out = ByteBuffer.wrap(request);
            while (out.hasRemaining()) {
                channel.write(out);
            }
            channel.configureBlocking(false);
            Client client = new Client(channel);
            channel.register(selector, SelectionKey.OP_READ, client);
            clients.add(client);
        }
        awaitWaiting(server.get(), clients.size());
    }

    private static void readAll(List<Client> clients, Selector selector) throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        int complete = 0;
        ByteBuffer buffer = ByteBuffer.allocate(8192);
        while (complete < clients.size()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(complete + " of " + clients.size() + " polls answered in 60 s");
            }
            selector.select(100);
            for (SelectionKey key : selector.selectedKeys()) {
                Client client = (Client) key.attachment();
                buffer.clear();
                int n = client.channel.read(buffer);
                if (n > 0) {
                    client.received.write(buffer.array(), 0, n);
                }
                if (n < 0 || client.isComplete()) {
                    key.cancel();
                    complete++;
                }
            }
            selector.selectedKeys().clear();
        }
    }

    /** One raw HTTP/1.1 client connection and the bytes it has received. */
    private static final class Client {
        final SocketChannel channel;
        final ByteArrayOutputStream received = new ByteArrayOutputStream();

        Client(SocketChannel channel) {
            this.channel = channel;
        }

        String response() {
            return received.toString(StandardCharsets.UTF_8);
        }

        boolean isComplete() {
            String text = response();
            int end = text.indexOf("\r\n\r\n");
            if (end < 0) {
                return false;
            }
            int length = text.toLowerCase(java.util.Locale.ROOT).indexOf("content-length: ");
            if (length < 0 || length > end) {
                return true;
            }
            int value = Integer.parseInt(
                    text.substring(length + 16, text.indexOf("\r\n", length)).trim());
            return received.size() >= end + 4 + value;
        }
    }
}
