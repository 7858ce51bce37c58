package io.realtime.jetty.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.realtime.Connection;
import io.realtime.Duplex;
import io.realtime.PathParam;
import io.realtime.Push;
import io.realtime.RealtimeSession;
import io.realtime.Topic;
import io.realtime.Topics;
import io.realtime.runtime.RealtimeConfig;
import io.realtime.testing.ContainerServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * A browser newcomer after a flood of tabs, on any container (docs/security.md, "Limits"): one client negotiates
 * {@value #TABS} tabs from as many forwarded addresses and uses each once, twenty times the tab registry's bound;
 * then a new Chromium tab negotiates, joins a room nobody opened before, says a line and hears it back. The registry
 * stays within its bound, no flood request is refused {@code 503}, and the newcomer's round trip is printed.
 * {@code FloodConformanceTest} floods ten times more, with a client of its own as the newcomer.
 */
public final class FloodedNewcomer {

    static final int TABS = 5_000;
    static final int MAX_TABS = 250;
    private static final Pattern TOKEN = Pattern.compile("\"token\":\"([^\"]+)\"");

    /** The services the server runs. */
    public static final Class<?>[] SERVICES = {Rooms.class, Visits.class};

    /** The server's settings: the tab registry bounded at {@value #MAX_TABS}. */
    public static final RealtimeConfig CONFIG =
            RealtimeConfig.builder().maxTabs(MAX_TABS).build();

    private FloodedNewcomer() {}

    /** A line said in a room. */
    public record Line(String text) {}

    /** Chat rooms: a connection follows its room, and a line said there is published to it. */
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

    /**
     * Runs the check: {@code server} runs {@link #SERVICES} with {@link #CONFIG} and serves {@link
     * Chromium#harnessPages()}.
     */
    public static void aChromiumNewcomerIsServedAfterAFloodOfTabs(Chromium browser, ContainerServer server) {
        AtomicInteger refused = new AtomicInteger();
        HttpClient http = HttpClient.newHttpClient();
        IntStream.range(0, TABS).parallel().forEach(i -> {
            if (!createTab(http, server, "10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255))) {
                refused.incrementAndGet();
            }
        });
        assertThat(server.stats().tabs()).as("the tab registry's bound").isLessThanOrEqualTo(MAX_TABS);

        long start = System.nanoTime();
        Tab tab = browser.open(server.uri("/client.html"));
        int room = tab.connect("/rooms/newcomer", "{}");
        tab.awaitState(room, "open");
        tab.run("harness.send(arguments[0], {text: 'hello'})", room);
        JsonNode log = tab.await(
                "the newcomer's line back, as its reply and as the room's event",
                "return harness.log(" + room + ")",
                it -> it.path("replies").size() == 1 && it.path("events").size() == 1);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(log.path("events").get(0).path("data").path("text").asText()).isEqualTo("hello");
        assertThat(log.path("errors").size()).isZero();
        System.out.printf(
                "Flooded newcomer on %s: %,d tabs negotiated and used from as many addresses, %,d refused, %,d kept"
                        + " (bound %,d); a new Chromium tab loaded the page, joined a new room, said a line and heard it"
                        + " in %,d ms%n",
                server.serverInfo(), TABS, refused.get(), server.stats().tabs(), MAX_TABS, millis);
    }

    /** Negotiates a tab from {@code address}, then uses it once; false when either step was refused {@code 429}. */
    private static boolean createTab(HttpClient http, ContainerServer server, String address) {
        try {
            HttpResponse<String> offer = http.send(
                    HttpRequest.newBuilder(server.uri("/visits"))
                            .header("Accept", "application/realtime-negotiate+json")
                            .header("X-Forwarded-For", address)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (offer.statusCode() != 200) {
                assertThat(offer.statusCode()).as(offer.body()).isEqualTo(429);
                return false;
            }
            Matcher token = TOKEN.matcher(offer.body());
            assertThat(token.find()).as(offer.body()).isTrue();
            String cookie = offer.headers().firstValue("Set-Cookie").orElseThrow();
            HttpResponse<String> used = http.send(
                    HttpRequest.newBuilder(server.uri("/visits"))
                            .header("Realtime-Token", token.group(1))
                            .header("Cookie", cookie.substring(0, cookie.indexOf(';')))
                            .header("X-Forwarded-For", address)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(used.statusCode()).as(used.body()).isIn(200, 429);
            return used.statusCode() == 200;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
