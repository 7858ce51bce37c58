package io.realtime.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.realtime.EventSink;
import io.realtime.PathParam;
import io.realtime.RealtimeException;
import io.realtime.Run;
import io.realtime.Stream;
import io.realtime.Topics;
import io.realtime.testing.Await;
import io.realtime.testing.ContainerServer;
import io.realtime.testing.PollEvent;
import io.realtime.testing.PollRecorder;
import io.realtime.testing.ServerExtension;
import io.realtime.testing.SharedRecorder;
import io.realtime.testing.SharedRecorder.Carrier;
import io.realtime.testing.SseEvent;
import io.realtime.testing.SseRecorder;
import io.realtime.testing.Visitor;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.Principal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Runs (docs/protocol.md, "Runs") on every transport: a client reads a run from its start or from its cursor, hears
 * its {@code end} and is not kept waiting after it; the method runs again on every attach, so another user is
 * refused; and a client's stop, by {@code DELETE} or by a shared connection's {@code stop}, reaches the producer.
 */
class RunConformanceTest {

    /** Who may follow which answer. */
    static final Map<String, String> OWNERS = new ConcurrentHashMap<>();

    public static class Answers {
        private final Topics topics;

        public Answers(Topics topics) {
            this.topics = topics;
        }

        @Stream("/answers/{id}")
        public Run<String> answer(@PathParam("id") String id, Principal user) {
            if (!user.getName().equals(OWNERS.get(id))) {
                throw RealtimeException.forbidden("This answer is not yours");
            }
            return topics.run("answer:" + id);
        }
    }

    @RegisterExtension
    static final ServerExtension<ContainerServer> server =
            ServerExtension.of(ContainerServer.builder().users("alice", "bob").services(Answers.class));

    private static final AtomicInteger ids = new AtomicInteger();

    /** A run of alice's, complete: five words, then its end. */
    private static String completeAnswer() {
        String id = "a" + ids.incrementAndGet();
        OWNERS.put(id, "alice");
        EventSink<String> out =
                server.get().topics().<String>run("answer:" + id).start();
        for (int i = 1; i <= 5; i++) {
            out.send("w" + i);
        }
        out.close();
        return id;
    }

    @Test
    void overSseTheRunPlaysFromItsStartOrCursorToItsEndAndEndsTheStream() {
        String id = completeAnswer();
        Visitor alice = server.get().visitor().login("alice");
        String epoch;
        try (SseRecorder sse = alice.tab().sse("/answers/" + id)) {
            List<SseEvent> events = sse.next(6);
            epoch = events.get(0).id().substring(0, events.get(0).id().lastIndexOf(':'));
            assertThat(events)
                    .extracting(SseEvent::id, SseEvent::event, SseEvent::data)
                    .containsExactly(
                            tuple(epoch + ":1", "message", "\"w1\""),
                            tuple(epoch + ":2", "message", "\"w2\""),
                            tuple(epoch + ":3", "message", "\"w3\""),
                            tuple(epoch + ":4", "message", "\"w4\""),
                            tuple(epoch + ":5", "message", "\"w5\""),
                            tuple(epoch + ":6", "end", "{\"reason\":\"complete\"}"));
            sse.awaitEnd(Duration.ofSeconds(10));
        }
        try (SseRecorder resumed = alice.tab().sse("/answers/" + id, Map.of("Last-Event-ID", epoch + ":3"))) {
            assertThat(resumed.next(3))
                    .extracting(SseEvent::data)
                    .containsExactly("\"w4\"", "\"w5\"", "{\"reason\":\"complete\"}");
            resumed.awaitEnd(Duration.ofSeconds(10));
        }
        try (SseRecorder after = alice.tab().sse("/answers/" + id, Map.of("Last-Event-ID", epoch + ":6"))) {
            assertThat(after.next().event())
                    .as("a client back after the end hears it at once")
                    .isEqualTo("end");
            after.awaitEnd(Duration.ofSeconds(10));
        }
    }

    @Test
    void overLongPollTheRunPlaysToItsEndAndThePollAfterItAnswersTheEndAtOnce() {
        String id = completeAnswer();
        Visitor alice = server.get().visitor().login("alice");
        List<String> read = new ArrayList<>();
        String last;
        try (PollRecorder poll = alice.tab().poll("/answers/" + id + "?transport=poll&timeout=20")) {
            for (PollEvent event : poll.next(6)) {
                read.add(event.event() + ' ' + event.data());
            }
            assertThat(poll.awaitStop(Duration.ofSeconds(10))).isEqualTo("end");
            last = poll.cursor();
        }
        assertThat(read)
                .containsExactly(
                        "message \"w1\"",
                        "message \"w2\"",
                        "message \"w3\"",
                        "message \"w4\"",
                        "message \"w5\"",
                        "end {\"reason\":\"complete\"}");
        HttpResponse<String> again = alice.tab().get("/answers/" + id + "?transport=poll&timeout=20&cursor=" + last);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).contains("\"event\":\"end\"").contains("\"reason\":\"complete\"");
    }

    @ParameterizedTest
    @EnumSource(Carrier.class)
    void overASharedConnectionTheSubscriptionEndsWithTheRun(Carrier carrier) {
        String id = completeAnswer();
        Visitor alice = server.get().visitor().login("alice");
        try (SharedRecorder shared =
                SharedRecorder.of(alice.client(), server.get().uri(), carrier, Map.of())) {
            shared.subscribe("answer", "/answers/" + id, null);
            shared.connect();
            assertThat(shared.next().event()).isEqualTo("subscribed");
            List<SharedRecorder.Frame> frames = shared.next(6);
            assertThat(frames)
                    .extracting(SharedRecorder.Frame::event)
                    .containsExactly("message", "message", "message", "message", "message", "end");
            assertThat(frames.get(5).id()).endsWith(":6");
            assertThat(frames.get(5).data().toString()).isEqualTo("{\"reason\":\"complete\"}");
            shared.assertNoMoreFrames(Duration.ofMillis(200));
        }
    }

    @Test
    void anotherUsersTabIsRefusedTheRun() throws Exception {
        String id = completeAnswer();
        Visitor bob = server.get().visitor().login("bob");
        try (SseRecorder sse = bob.tab().sse("/answers/" + id)) {
            assertThat(sse.status()).isEqualTo(403);
        }
        HttpResponse<String> poll = bob.tab().get("/answers/" + id + "?transport=poll");
        assertThat(poll.statusCode()).isEqualTo(403);
        assertThat(delete(bob, id, true).statusCode()).isEqualTo(403);
    }

    @Test
    void aDeleteStopsTheRunAndReachesTheProducer() throws Exception {
        String id = "s" + ids.incrementAndGet();
        OWNERS.put(id, "alice");
        EventSink<String> out =
                server.get().topics().<String>run("answer:" + id).start();
        out.send("w1");
        Visitor alice = server.get().visitor().login("alice");
        assertThat(delete(alice, id, false).statusCode())
                .as("without Realtime-Uplink")
                .isEqualTo(403);
        assertThat(out.isOpen()).isTrue();
        try (SseRecorder sse = alice.tab().sse("/answers/" + id)) {
            assertThat(sse.next().data()).isEqualTo("\"w1\"");
            assertThat(delete(alice, id, true).statusCode()).isEqualTo(204);
            Await.until("the producer's sink closed", () -> !out.isOpen(), () -> out, Duration.ofSeconds(1));
            SseEvent end = sse.next();
            assertThat(end.event()).isEqualTo("end");
            assertThat(end.data()).isEqualTo("{\"reason\":\"stopped\"}");
            sse.awaitEnd(Duration.ofSeconds(10));
        }
        assertThat(out.send("late")).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Carrier.class)
    void aSharedConnectionsStopReachesTheProducer(Carrier carrier) {
        String id = "m" + ids.incrementAndGet();
        OWNERS.put(id, "alice");
        EventSink<String> out =
                server.get().topics().<String>run("answer:" + id).start();
        Visitor alice = server.get().visitor().login("alice");
        try (SharedRecorder shared =
                SharedRecorder.of(alice.client(), server.get().uri(), carrier, Map.of())) {
            shared.subscribe("answer", "/answers/" + id, null);
            shared.connect();
            assertThat(shared.next().event()).isEqualTo("subscribed");
            out.send("w1");
            assertThat(shared.next().data().asText()).isEqualTo("w1");
            shared.stop("answer");
            Await.until("the producer's sink closed", () -> !out.isOpen(), () -> out, Duration.ofSeconds(1));
            SharedRecorder.Frame end = shared.next();
            assertThat(end.event()).isEqualTo("end");
            assertThat(end.data().toString()).isEqualTo("{\"reason\":\"stopped\"}");
        }
    }

    private static HttpResponse<String> delete(Visitor visitor, String id, boolean uplink) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(server.get().uri("/answers/" + id)).DELETE();
        if (uplink) {
            request.header("Realtime-Uplink", "1");
        }
        return visitor.client().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
