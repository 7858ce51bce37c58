package io.realtime.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.Connection;
import io.realtime.Duplex;
import io.realtime.PathParam;
import io.realtime.Push;
import io.realtime.RealtimeException;
import io.realtime.Stream;
import io.realtime.Topic;
import io.realtime.Topics;
import io.realtime.runtime.RealtimeConfig;
import io.realtime.testing.Await;
import io.realtime.testing.ContainerServer;
import io.realtime.testing.ServerExtension;
import io.realtime.testing.SharedRecorder;
import io.realtime.testing.SharedRecorder.Carrier;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Shared connections (docs/protocol.md, "Shared connections") on every transport: ten subscriptions to ten endpoints
 * of all three kinds over one connection, one of them refused alone, and after a drop every other one resumes from
 * its own cursor without loss or duplicates.
 */
class SharedConnectionConformanceTest {

    /** What every endpoint carries. */
    public record Note(String text) {}

    public static class Widgets {
        private final Topics topics;

        public Widgets(Topics topics) {
            this.topics = topics;
        }

        @Stream("/prices/{symbol}")
        public Topic<Note> prices(@PathParam("symbol") String symbol) {
            if (symbol.equals("SECRET")) {
                throw RealtimeException.forbidden("Not for you");
            }
            return topics.get("prices:" + symbol);
        }

        @Push("/alerts/{kind}")
        public Topic<Note> alerts(@PathParam("kind") String kind) {
            return topics.get("alerts:" + kind);
        }

        @Duplex("/rooms/{room}")
        public Topic<Note> join(Connection<Note> connection, @PathParam("room") String room) {
            return topics.get("rooms:" + room);
        }

        @Duplex("/rooms/{room}")
        public Note say(Note note) {
            return note;
        }
    }

    @RegisterExtension
    static final ServerExtension<ContainerServer> server = ServerExtension.of(ContainerServer.builder()
            .services(Widgets.class)
            // A client that went is noticed on the next heartbeat: each transport's run waits for the connections
            // of the one before to go, so that it counts its own alone.
            .config(RealtimeConfig.builder().heartbeat(Duration.ofMillis(200)).build()));

    /** The ten subscriptions, by id: their paths, and the topics their endpoints follow. */
    private static Map<String, String[]> widgets(Carrier carrier) {
        String round = carrier.name().toLowerCase(Locale.ROOT);
        Map<String, String[]> widgets = new HashMap<>();
        for (int i = 0; i < 4; i++) {
            String symbol = round + i;
            widgets.put("price" + i, new String[] {"/prices/" + symbol, "prices:" + symbol});
        }
        for (int i = 0; i < 3; i++) {
            String kind = round + i;
            widgets.put("alert" + i, new String[] {"/alerts/" + kind, "alerts:" + kind});
        }
        for (int i = 0; i < 3; i++) {
            String room = round + i;
            widgets.put("room" + i, new String[] {"/rooms/" + room, "rooms:" + room});
        }
        return widgets;
    }

    @ParameterizedTest
    @EnumSource(Carrier.class)
    void tenSubscriptionsShareOneConnectionAndResumeEachFromItsCursor(Carrier carrier) {
        Map<String, String[]> widgets = widgets(carrier);
        try (SharedRecorder shared =
                SharedRecorder.of(server.get().client(), server.get().uri(), carrier, Map.of())) {
            widgets.forEach((sub, widget) -> shared.subscribe(sub, widget[0], null));
            shared.subscribe("vault", "/prices/SECRET", null);
            shared.connect();

            Map<String, String> answers = new HashMap<>();
            for (int i = 0; i < 11; i++) {
                SharedRecorder.Frame frame = shared.next();
                answers.put(frame.sub(), frame.event());
            }
            assertThat(answers).hasSize(11).containsEntry("vault", "error");
            widgets.keySet().forEach(sub -> assertThat(answers).containsEntry(sub, "subscribed"));
            // Connections of an earlier transport's run may still be closing: wait for them to go.
            Await.stats(
                    server.get(),
                    "one physical connection carrying the ten subscriptions",
                    stats -> stats.connections() == 1 && stats.sharedSubscriptions() == 10);

            publishToEach(widgets, "first");
            assertThat(receiveOnePerWidget(shared, widgets.size())).containsOnlyKeys(widgets.keySet());

            shared.drop();
            publishToEach(widgets, "while away");
            shared.connect();
            Map<String, String> texts = new HashMap<>();
            while (texts.size() < widgets.size()) {
                SharedRecorder.Frame frame = shared.next();
                if ("message".equals(frame.event())) {
                    assertThat(texts.put(frame.sub(), frame.data().get("text").asText()))
                            .as("a second event for %s: nothing may come twice", frame.sub())
                            .isNull();
                } else {
                    assertThat(frame.event()).as(frame.json()).isEqualTo("subscribed");
                }
            }
            assertThat(texts.values()).containsOnly("while away");
            shared.assertNoMoreFrames(Duration.ofMillis(300));
        }
    }

    private static void publishToEach(Map<String, String[]> widgets, String text) {
        widgets.values().forEach(widget -> server.get().topics().get(widget[1]).publish(new Note(text)));
    }

    private static Map<String, String> receiveOnePerWidget(SharedRecorder shared, int count) {
        Map<String, String> texts = new HashMap<>();
        for (int i = 0; i < count; i++) {
            SharedRecorder.Frame frame = shared.next();
            assertThat(frame.event()).as(frame.json()).isEqualTo("message");
            assertThat(texts.put(frame.sub(), frame.data().get("text").asText()))
                    .as("a second event for %s", frame.sub())
                    .isNull();
        }
        return texts;
    }
}
