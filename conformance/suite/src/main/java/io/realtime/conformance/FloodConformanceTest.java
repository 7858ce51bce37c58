package io.realtime.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.Connection;
import io.realtime.Duplex;
import io.realtime.PathParam;
import io.realtime.Push;
import io.realtime.RealtimeSession;
import io.realtime.Topic;
import io.realtime.Topics;
import io.realtime.runtime.RealtimeConfig;
import io.realtime.testing.ContainerServer;
import io.realtime.testing.Visitor;
import io.realtime.testing.WebSocketRecorder;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * One hostile client floods the server with 200,000 tabs (each negotiated, then used once) or 200,000 chat rooms
 * (one {@code POST} message to each, as the fallback's uplink sends it), and a newcomer is served all the same (issue 16, docs/security.md,
 * "Limits"): it negotiates, opens a room nobody opened before, says something and hears it, all within 2 s.
 *
 * <p>The flood comes two ways. From many addresses: each step names an address of its own in {@code
 * X-Forwarded-For}, which the runtime believes because the test's loopback is a trusted proxy by default; that is
 * a botnet, or one client behind many proxies, which no per-client quota stops, so only the global bounds and
 * their eviction of idle state protect the newcomer. From one address: every step names the same forwarded
 * address, the newcomer connects from the loopback itself, so the per-address shares ({@code connectRate} and
 * {@code connectBurst}, {@code maxTabsPerAddress}) refuse the flood with {@code 429} while the newcomer, another
 * client, is not touched.
 *
 * <p>Two of the four floods send {@value #FLOOD} requests: the tabs from many addresses (from one address no more
 * than its burst and rate allow are ever made) and the rooms from one address (finding S2 as it was found: a
 * {@code POST} message is neither paced nor counted per address, so one address makes as many rooms as many do).
 * The other two send {@value #SHORT_FLOOD}: from one address every negotiation past the burst is refused alike, and
 * rooms from many addresses differ from rooms from one only in the header, so more requests would repeat the same
 * answers and lengthen the build.
 *
 * <p>The bounds asserted are structural: after each flood the tab registry holds at most {@code maxTabs} tabs and
 * the topic registry at most {@code maxTopics} topics ({@code Realtime.stats}), no flood request is refused
 * {@code 503} (a full registry makes room rather than locking out), and the newcomer's round trip completes within
 * its deadline. The bounds are set to {@value #MAX_TABS} tabs and {@value #MAX_TOPICS} topics so that 200,000 of
 * each cost eviction, not memory, and the test stays short; the defaults (100,000 each) differ only in how much the
 * registries hold before they evict. Printed, not asserted: the heap after a full collection before and after the
 * flood, the requests answered and refused, and the time the flood took.
 */
@Tag("flood")
class FloodConformanceTest {

    static final int FLOOD = 200_000;
    static final int SHORT_FLOOD = 20_000;
    static final int MAX_TABS = 1_000;
    static final int MAX_TOPICS = 1_000;
    static final String GREEDY = "X-Forwarded-For: 198.51.100.7";
    static final int CONNECTIONS = 8;
    static final Duration NEWCOMER_WAIT = Duration.ofSeconds(2);

    private static final Pattern TOKEN = Pattern.compile("\"token\":\"([^\"]+)\"");

    public record Line(String text) {}

    /** Chat rooms: a connection follows its room, a message is said in it and echoed to its sender. */
    public static class Rooms {
        private final Topics topics;

        public Rooms(Topics topics) {
            this.topics = topics;
        }

        @Duplex("/rooms/{room}")
        public Topic<Line> join(Connection<Line> connection, @PathParam("room") String room) {
            return topics.get("room:" + room);
        }

        @Duplex("/rooms/{room}")
        public Line say(Line line, @PathParam("room") String room) {
            topics.<Line>get("room:" + room).publish(line);
            return line;
        }
    }

    /** A tab's visits: using a tab keeps state for it. */
    public static class Visits {
        @Push("/visits")
        public int visit(RealtimeSession tab) {
            return (Integer) tab.attributes().merge("visits", 1, (a, b) -> (Integer) a + (Integer) b);
        }
    }

    @Test
    @Tag("tab-flood")
    void tabsFromManyAddressesLeaveRoomForANewcomer() {
        flood(FLOOD, "tabs from as many addresses", (connection, i) -> createTab(connection, forwarded(i)));
    }

    @Test
    @Tag("tab-flood")
    void tabsFromOneAddressAreRefusedAloneAndLeaveRoomForANewcomer() {
        Flood.Summary summary =
                flood(SHORT_FLOOD, "tabs from one address", (connection, i) -> createTab(connection, GREEDY));
        assertThat(summary.count(429))
                .as("negotiations past the address's bucket")
                .isPositive();
    }

    @Test
    void roomsFromManyAddressesLeaveRoomForANewcomer() {
        flood(SHORT_FLOOD, "rooms from as many addresses", (connection, i) -> openRoom(connection, i, forwarded(i)));
    }

    @Test
    void roomsFromOneAddressLeaveRoomForANewcomer() {
        flood(FLOOD, "rooms from one address", (connection, i) -> openRoom(connection, i, GREEDY));
    }

    private static Flood.Summary flood(int count, String what, Flood.Step step) {
        try (ContainerServer server = ContainerServer.builder()
                .config(RealtimeConfig.builder()
                        .maxTabs(MAX_TABS)
                        .maxTopics(MAX_TOPICS)
                        // Pacing would refuse most of a flood from one address (UplinkPacingConformanceTest);
                        // lifted, so that these floods show what the registries do with what gets through.
                        .uplinkRate(1_000_000)
                        .uplinkBurst(1_000_000)
                        .build())
                .services(Rooms.class, Visits.class)
                .start()) {
            long before = heapAfterFullGc();
            Flood.Summary summary = Flood.run(server, count, CONNECTIONS, step);
            long after = heapAfterFullGc();
            System.out.printf(
                    "Flood on %s, %,d %s: %s; heap after a full GC %d MB before, %d MB after; %s%n",
                    server.serverInfo(), count, what, summary, before >> 20, after >> 20, server.stats());
            assertThat(summary.count(503))
                    .as("requests refused for want of room: " + summary)
                    .isZero();
            assertThat(server.stats().tabs()).isLessThanOrEqualTo(MAX_TABS);
            assertThat(server.stats().topics()).isLessThanOrEqualTo(MAX_TOPICS);
            newcomerIsServed(server);
            return summary;
        }
    }

    /** Negotiates a tab, then uses it once, as the flood of finding S1 did. */
    private static void createTab(Flood.Connection connection, String address) throws java.io.IOException {
        Flood.Answer offer =
                connection.send("GET", "/visits", null, "Accept: application/realtime-negotiate+json", address);
        if (offer.status() == 200) {
            Matcher token = TOKEN.matcher(offer.body());
            assertThat(token.find()).as("a token in " + offer.status()).isTrue();
            // A hostile client keeps the cookie its token is bound to, or the token would be refused outright.
            String cookie = offer.headers().get("set-cookie");
            assertThat(cookie).as("the browser cookie of an anonymous tab").isNotNull();
            Flood.Answer used = connection.send(
                    "GET",
                    "/visits",
                    null,
                    "Realtime-Token: " + token.group(1),
                    "Cookie: " + cookie.substring(0, cookie.indexOf(';')),
                    address);
            assertThat(used.status())
                    .as("a new tab's first use: " + used.body())
                    .isIn(200, 429);
        } else {
            assertThat(offer.status())
                    .as("a refused negotiation: " + offer.body())
                    .isEqualTo(429);
        }
    }

    /** Says one line in a room of its own, as the flood of finding S2 did. */
    private static void openRoom(Flood.Connection connection, int index, String address) throws java.io.IOException {
        Flood.Answer said = connection.send(
                "POST",
                "/rooms/r" + index,
                "{\"ref\":1,\"data\":{\"text\":\"flood\"}}",
                "Content-Type: application/json",
                "Realtime-Uplink: 1",
                address);
        assertThat(said.status()).as(said.body()).isEqualTo(200);
    }

    /**
     * A visitor from the loopback itself, which no flood step names, negotiates a tab, opens a WebSocket to a new
     * room, says something and hears it back as the room's event: the whole round trip within {@link
     * #NEWCOMER_WAIT}.
     */
    private static void newcomerIsServed(ContainerServer server) {
        Visitor visitor = server.visitor();
        CompletableFuture<String> heard = CompletableFuture.supplyAsync(() -> {
            Visitor.Tab tab = visitor.tab().negotiate("/rooms/newcomer");
            try (WebSocketRecorder room = tab.webSocket("/rooms/newcomer?lastEventId=")) {
                room.send("{\"ref\":1,\"data\":{\"text\":\"hello\"}}");
                String first = room.next(NEWCOMER_WAIT);
                String second = room.next(NEWCOMER_WAIT);
                return first + "\n" + second;
            }
        });
        try {
            String frames = heard.get(NEWCOMER_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(frames).contains("{\"ref\":1,\"data\":{\"text\":\"hello\"}}");
            assertThat(frames.lines().filter(frame -> !frame.contains("\"ref\"")))
                    .singleElement()
                    .asString()
                    .contains("\"data\":{\"text\":\"hello\"}");
        } catch (TimeoutException e) {
            throw new AssertionError("The newcomer was not served within " + NEWCOMER_WAIT, e);
        } catch (ExecutionException e) {
            throw new AssertionError("The newcomer was not served", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted", e);
        }
    }

    /** A distinct IPv4 address for each step, none of them the loopback. */
    private static String forwarded(int index) {
        return "X-Forwarded-For: 10." + (index >> 16 & 0xff) + "." + (index >> 8 & 0xff) + "." + (index & 0xff);
    }

    /** The heap in use after full collections, once two in a row agree within 1 MB (at most ten). */
    private static long heapAfterFullGc() {
        long previous = Long.MAX_VALUE;
        for (int round = 0; round < 10; round++) {
            System.gc();
            long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            if (Math.abs(previous - used) < 1 << 20) {
                return used;
            }
            previous = used;
        }
        return previous;
    }
}
