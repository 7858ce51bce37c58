package io.realtime.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.EventSink;
import io.realtime.PathParam;
import io.realtime.Run;
import io.realtime.Stream;
import io.realtime.Topics;
import io.realtime.jetty.RawHttp.Exchange;
import io.realtime.testing.Await;
import io.realtime.testing.SseRecorder;
import io.realtime.testing.WebSocketRecorder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The run examples of docs/protocol.md ("Runs"), exchanged with a real server byte for byte, with the server's
 * random epoch shown as the examples show it.
 */
class RunProtocolExamplesTest {

    public static class Answers {
        private final Topics topics;

        public Answers(Topics topics) {
            this.topics = topics;
        }

        @Stream("/answers/{id}")
        public Run<String> answer(@PathParam("id") String id) {
            return topics.run("answer:" + id);
        }
    }

    @RegisterExtension
    static final RealtimeServerExtension server = RealtimeServerExtension.of(Answers.class);

    /** A complete run of two words. */
    private static void onceUpon(String id) {
        EventSink<String> out =
                server.get().topics().<String>run("answer:" + id).start();
        out.send("Once");
        out.send(" upon");
        out.close();
    }

    @Test
    void aClientWithoutCursorReadsTheRunFromItsStartToItsEndAsTheExampleShows() {
        onceUpon("1");
        try (SseRecorder sse = server.get().sse("/answers/1")) {
            sse.next(3);
            sse.awaitEnd(Duration.ofSeconds(10));
            String received = new String(sse.raw(), StandardCharsets.UTF_8);
            String epoch = epochOf(sse.lastEventId());
            assertThat(received.replace(epoch, ProtocolExamples.EPOCH)).isEqualTo(ProtocolExamples.get("run-sse"));
        }
    }

    @Test
    void aPollAfterTheFirstEventReceivesTheRestAndTheEndAsTheExampleShows() {
        onceUpon("2");
        String start = RawHttp.exchange(server.get(), "GET /answers/2?transport=poll HTTP/1.1\n")
                .body();
        String epoch = epochOf(start.substring("{\"cursor\":\"".length(), start.indexOf("\",")));
        assertThat(start.replace(epoch, ProtocolExamples.EPOCH))
                .isEqualTo("{\"cursor\":\"" + ProtocolExamples.EPOCH + ":0\",\"events\":[]}");

        Exchange rest =
                RawHttp.exchange(server.get(), "GET /answers/2?transport=poll&cursor=" + epoch + ":1 HTTP/1.1\n");
        assertThat(rest.body().replace(epoch, ProtocolExamples.EPOCH))
                .isEqualTo(ProtocolExamples.get("run-poll-events").strip());

        Exchange again = RawHttp.exchange(
                server.get(), "GET /answers/2?transport=poll&timeout=20&cursor=" + epoch + ":3 HTTP/1.1\n");
        assertThat(again.body().replace(epoch, ProtocolExamples.EPOCH))
                .as("the end again, at once")
                .isEqualTo("{\"cursor\":\"" + ProtocolExamples.EPOCH
                        + ":3\",\"events\":[{\"id\":\"" + ProtocolExamples.EPOCH
                        + ":3\",\"event\":\"end\",\"data\":{\"reason\":\"complete\"}}]}");
    }

    @Test
    void theStopRequestIsAnsweredAsTheExampleShowsAndReachesTheProducer() {
        EventSink<String> out = server.get().topics().<String>run("answer:42").start();
        Exchange stop = RawHttp.exchange(server.get(), ProtocolExamples.get("run-stop-request"));
        RawHttp.assertResponse(stop, "run-stop-response");
        Await.until("the producer's sink closed", () -> !out.isOpen(), () -> out, Duration.ofSeconds(1));

        Exchange refused = RawHttp.exchange(server.get(), "DELETE /answers/42 HTTP/1.1\n");
        assertThat(refused.head().get(0)).isEqualTo("HTTP/1.1 403 Forbidden");
        assertThat(refused.body()).contains("uplink_refused");
    }

    @Test
    void aSharedConnectionsStopIsTheExampleAndItsSubscriptionHearsTheEnd() {
        EventSink<String> out = server.get().topics().<String>run("answer:43").start();
        out.send("w1");
        try (WebSocketRecorder ws = server.get().webSocket("/realtime/mux")) {
            ws.send("{\"subscribe\":{\"answer\":{\"path\":\"/answers/43\"}}}");
            String subscribed = ws.next();
            String epoch = epochOf(
                    subscribed.substring(subscribed.indexOf("\"cursor\":\"") + 10, subscribed.lastIndexOf('"')));
            assertThat(ws.next())
                    .isEqualTo("{\"sub\":\"answer\",\"id\":\"" + epoch + ":1\",\"event\":\"message\",\"data\":\"w1\"}");

            ws.send(ProtocolExamples.get("mux-stop").strip());
            assertThat(ws.next().replace(epoch, ProtocolExamples.EPOCH))
                    .isEqualTo(ProtocolExamples.get("mux-run-end").strip());
            Await.until("the producer's sink closed", () -> !out.isOpen(), () -> out, Duration.ofSeconds(1));
        }
    }

    private static String epochOf(String cursor) {
        return cursor.substring(0, cursor.lastIndexOf(':'));
    }
}
