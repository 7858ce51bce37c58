package io.realtime.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.EventSink;
import io.realtime.testing.ContainerServer;
import io.realtime.testing.PollEvent;
import io.realtime.testing.PollRecorder;
import io.realtime.testing.ServerExtension;
import io.realtime.testing.SseEvent;
import io.realtime.testing.SseRecorder;
import io.realtime.testing.Visitor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An interrupted answer resumes exactly: a 2,000-token answer, produced as fast as the producer can, read by a client
 * that drops at 20 random points and reattaches from its cursor, over Server-Sent Events and long-poll in turn, ends
 * with the generated text, no token missing or doubled; another user's tab is refused the run.
 */
class RunReattachConformanceTest {

    @RegisterExtension
    static final ServerExtension<ContainerServer> server = ServerExtension.of(
            ContainerServer.builder().users("alice", "bob").services(RunConformanceTest.Answers.class));

    private static final int TOKENS = 2000;
    private static final int DROPS = 20;

    @Test
    void aClientThatDropsTwentyTimesEndsWithTheGeneratedText() throws Exception {
        RunConformanceTest.OWNERS.put("long", "alice");
        EventSink<String> out = server.get().topics().<String>run("answer:long").start();
        StringBuilder generated = new StringBuilder();
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < TOKENS; i++) {
            tokens.add((i == 0 ? "" : " ") + "token" + i);
        }
        tokens.forEach(generated::append);
        Thread producer = new Thread(
                () -> {
                    tokens.forEach(out::send);
                    out.close();
                },
                "producer");
        producer.start();

        long seed = new Random().nextLong();
        Random random = new Random(seed);
        List<Integer> drops = new ArrayList<>(); // after how many more tokens each attach drops
        for (int i = 0; i < DROPS; i++) {
            drops.add(1 + random.nextInt(TOKENS / DROPS * 2 - 1));
        }
        System.out.println("RunReattachConformanceTest: seed " + seed + ", drops after " + drops + " tokens");

        Visitor alice = server.get().visitor().login("alice");
        StringBuilder text = new StringBuilder();
        List<Long> offsets = new ArrayList<>();
        String cursor = null;
        boolean ended = false;
        for (int attach = 0; !ended; attach++) {
            int take = attach < DROPS ? drops.get(attach) : Integer.MAX_VALUE;
            List<String[]> read = attach % 2 == 0 ? overSse(alice, cursor, take) : overPoll(alice, cursor, take);
            for (String[] event : read) {
                cursor = event[0];
                offsets.add(Long.parseLong(cursor.substring(cursor.lastIndexOf(':') + 1)));
                if (event[1].equals("end")) {
                    ended = true;
                    assertThat(event[2]).isEqualTo("{\"reason\":\"complete\"}");
                } else {
                    text.append(event[2], 1, event[2].length() - 1); // the JSON string's contents: plain words
                }
            }
        }
        producer.join();

        assertThat(text.toString()).isEqualTo(generated.toString());
        for (int i = 0; i < offsets.size(); i++) {
            assertThat(offsets.get(i)).as("the cursor of event " + (i + 1)).isEqualTo(i + 1L);
        }

        Visitor bob = server.get().visitor().login("bob");
        try (SseRecorder refused = bob.tab().sse("/answers/long", Map.of("Last-Event-ID", cursor))) {
            assertThat(refused.status()).isEqualTo(403);
        }
    }

    /** Reads up to {@code take} events, the end included, then drops: {@code [id, event, data]} each. */
    private static List<String[]> overSse(Visitor visitor, String cursor, int take) {
        List<String[]> read = new ArrayList<>();
        try (SseRecorder sse =
                visitor.tab().sse("/answers/long", cursor == null ? Map.of() : Map.of("Last-Event-ID", cursor))) {
            while (read.size() < take) {
                SseEvent event = sse.next();
                read.add(new String[] {event.id(), event.event(), event.data()});
                if (event.event().equals("end")) {
                    break;
                }
            }
        }
        return read;
    }

    private static List<String[]> overPoll(Visitor visitor, String cursor, int take) {
        List<String[]> read = new ArrayList<>();
        try (PollRecorder poll = PollRecorder.start(
                visitor.client(), server.get().uri("/answers/long?transport=poll&timeout=20"), cursor, Map.of())) {
            while (read.size() < take) {
                PollEvent event = poll.next();
                read.add(new String[] {event.id(), event.event(), event.data()});
                if (event.event().equals("end")) {
                    break;
                }
            }
        }
        return read;
    }
}
