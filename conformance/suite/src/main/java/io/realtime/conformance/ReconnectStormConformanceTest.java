package io.realtime.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.Connection;
import io.realtime.Duplex;
import io.realtime.Stream;
import io.realtime.Topic;
import io.realtime.Topics;
import io.realtime.testing.ContainerServer;
import io.realtime.testing.ServerExtension;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One client reconnects about 1,000 times a second for {@value #SECONDS} s, in turn opening a Server-Sent Events
 * stream, a first long-poll and a WebSocket handshake, each on a new connection that it drops at once (issue 16,
 * "Must show" 2, the server's half; docs/security.md, "Limits" and "WebSocket handshakes"). With the default
 * {@code connectRate} (100 a second) and {@code connectBurst} (500), its bucket empties within a second, and from
 * then on it is refused {@code 429} with {@code Retry-After}, handshakes included (before any upgrade), while
 * another client that opens the same three a few times a second from another address is never refused.
 *
 * <p>The storm comes from one forwarded address ({@code X-Forwarded-For} through the trusted loopback), the other
 * client from the loopback itself. Asserted: every refusal of the storm is a {@code 429} with {@code Retry-After};
 * the storm got at least its burst and was refused once it was spent; the other client got {@code 200} or {@code
 * 101} every time. Printed: the attempts made and the rate achieved, how many were admitted and refused, and the
 * other client's count.
 */
@Tag("flood")
class ReconnectStormConformanceTest {

    static final int SECONDS = 3;
    static final int PER_SECOND = 1_000;
    static final int BURST = 500;
    static final int CALM_PER_SECOND = 10;
    static final String GREEDY = "X-Forwarded-For: 198.51.100.9";

    public record Tick(long n) {}

    public static class Ticks {
        private final Topics topics;

        public Ticks(Topics topics) {
            this.topics = topics;
        }

        @Stream("/ticks")
        public Topic<Tick> ticks() {
            return topics.get("ticks");
        }

        @Duplex("/talk")
        public Topic<Tick> talk(Connection<Tick> connection) {
            return topics.get("ticks");
        }
    }

    @RegisterExtension
    static final ServerExtension<ContainerServer> server =
            ServerExtension.of(ContainerServer.builder().services(Ticks.class));

    @Test
    void aClientReconnectingAThousandTimesASecondIsRefused429AloneOnceItsBucketIsEmpty() throws Exception {
        List<Flood.Answer> refusals = new CopyOnWriteArrayList<>();
        List<Flood.Answer> honest = new CopyOnWriteArrayList<>();
        long started = System.nanoTime();
        Thread other = new Thread(
                () -> Flood.run(server.get(), SECONDS * CALM_PER_SECOND, 1, (connection, i) -> {
                    pace(started, i, CALM_PER_SECOND);
                    honest.add(attempt(connection, i));
                }),
                "other client");
        other.start();
        Flood.Summary storm = Flood.run(server.get(), SECONDS * PER_SECOND, 8, (connection, i) -> {
            pace(started, i, PER_SECOND);
            Flood.Answer answer = attempt(connection, i, GREEDY);
            if (answer.status() != 200 && answer.status() != 101) {
                refusals.add(answer);
            }
        });
        other.join();
        long admitted = storm.count(200) + storm.count(101);
        long honestRefused = honest.stream()
                .filter(answer -> answer.status() != 200 && answer.status() != 101)
                .count();
        System.out.printf(
                "Reconnect storm on %s: %d attempts at %.0f a second, %d admitted, %d refused 429; the other client"
                        + " connected %d times, refused %d times; %s%n",
                server.get().serverInfo(),
                storm.answered(),
                storm.answered() / (storm.elapsed().toNanos() / 1e9),
                admitted,
                storm.count(429),
                honest.size(),
                honestRefused,
                storm);
        assertThat(refusals).isNotEmpty().allSatisfy(refused -> {
            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.headers()).containsKey("retry-after");
            assertThat(refused.headers().get("content-type")).startsWith("application/json");
        });
        assertThat(admitted).as("the burst is granted before any refusal").isGreaterThanOrEqualTo(BURST);
        assertThat(honest)
                .hasSize(SECONDS * CALM_PER_SECOND)
                .allSatisfy(answer -> assertThat(answer.status()).isIn(200, 101));
    }

    /** Attempt {@code i}: a stream, a first poll or a WebSocket handshake, in turn. */
    private static Flood.Answer attempt(Flood.Connection connection, int i, String... from) throws IOException {
        String[] headers = switch (i % 3) {
            case 0 -> new String[] {"Accept: text/event-stream"};
            case 1 -> new String[] {"Accept: application/json"};
            default ->
                new String[] {
                    "Upgrade: websocket",
                    "Connection: Upgrade",
                    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
                    "Sec-WebSocket-Version: 13",
                    "Sec-WebSocket-Protocol: realtime.v1"
                };
        };
        String path = i % 3 == 0 ? "/ticks" : i % 3 == 1 ? "/ticks?transport=poll" : "/talk";
        String[] all = Arrays.copyOf(headers, headers.length + from.length);
        System.arraycopy(from, 0, all, headers.length, from.length);
        return connection.open(path, all);
    }

    /** Waits until attempt {@code i} is due, {@code perSecond} attempts a second from {@code started}. */
    private static void pace(long started, int i, int perSecond) {
        long due = started + i * 1_000_000_000L / perSecond;
        for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
            LockSupport.parkNanos(wait);
        }
    }
}
