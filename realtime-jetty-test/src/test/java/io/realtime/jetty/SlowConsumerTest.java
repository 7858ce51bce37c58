package io.realtime.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.Stream;
import io.realtime.Topic;
import io.realtime.Topics;
import io.realtime.runtime.RealtimeConfig;
import io.realtime.testing.Await;
import io.realtime.testing.SseEvent;
import io.realtime.testing.SseRecorder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A subscriber that stops reading is closed after the stall timeout, while 100 others keep receiving every
 * event in order; it then resumes from its last cursor through the topic's history and misses nothing.
 */
class SlowConsumerTest {

    private static final int READERS = 100;
    private static final int BATCH = 50;
    private static final int MAX_EVENTS = 20_000;
    private static final String PAYLOAD = "x".repeat(1000);

    public static class Feed {
        private final Topics topics;

        public Feed(Topics topics) {
            this.topics = topics;
        }

        @Stream("/feed")
        public Topic<String> feed() {
            return topics.get("feed");
        }
    }

    @RegisterExtension
    static final RealtimeServerExtension server = RealtimeServerExtension.of(RealtimeServer.builder()
            .config(RealtimeConfig.builder()
                    .stallTimeout(Duration.ofSeconds(2))
                    .historyMaxEvents(MAX_EVENTS)
                    .build())
            .services(Feed.class));

    @Test
    void aStalledSubscriberIsClosedWhileTheOthersReceiveEveryEventThenItResumes() throws Exception {
        List<SseRecorder> readers = new ArrayList<>();
        try (Socket stalled = stalledSubscriber()) {
            for (int i = 0; i < READERS; i++) {
                readers.add(server.get().sse("/feed"));
            }
            Await.stats(server.get(), "every subscriber", stats -> stats.subscriptions() == READERS + 1);
            Topic<String> topic = server.get().topics().get("feed");

            List<String> cursors = new ArrayList<>();
            while (server.get().stats().connections() > READERS) {
                assertThat(cursors.size())
                        .as("events published without the stalled client being closed")
                        .isLessThan(MAX_EVENTS);
                List<String> batch = new ArrayList<>();
                for (int i = 0; i < BATCH; i++) {
                    batch.add(topic.publish(cursors.size() + i + ":" + PAYLOAD));
                }
                for (SseRecorder reader : readers) {
                    assertThat(reader.next(BATCH)).extracting(SseEvent::id).containsExactlyElementsOf(batch);
                }
                cursors.addAll(batch);
            }
            for (SseRecorder reader : readers) {
                reader.assertNoMoreEvents(Duration.ofMillis(10));
            }
            String tail = topic.publish("after:" + PAYLOAD);
            cursors.add(tail);
            for (SseRecorder reader : readers) {
                assertThat(reader.next().id()).isEqualTo(tail);
            }

            List<String> seen = readUntilClosed(stalled);
            assertThat(seen).isNotEmpty().isEqualTo(cursors.subList(0, seen.size()));
            try (SseRecorder resumed = server.get().sse("/feed", seen.get(seen.size() - 1))) {
                List<String> rest = cursors.subList(seen.size(), cursors.size());
                assertThat(resumed.next(rest.size())).extracting(SseEvent::id).containsExactlyElementsOf(rest);
                resumed.assertNoMoreEvents(Duration.ofMillis(200));
            }
        } finally {
            readers.forEach(SseRecorder::close);
        }
    }

    /** A raw HTTP/1.0 client with a small receive buffer that reads the response head and then nothing. */
    private static Socket stalledSubscriber() throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress("127.0.0.1", server.get().uri().getPort()));
        socket.getOutputStream()
                .write("GET /feed HTTP/1.0\r\nAccept: text/event-stream\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("retry: 2000\n\n")) {
            int b = in.read();
            assertThat(b).as("response head, then the preamble").isNotNegative();
            head.write(b);
        }
        assertThat(head.toString(StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 200 ");
        return socket;
    }

    /** Reads what the server had sent before it closed the connection; returns the ids of the whole frames. */
    private static List<String> readUntilClosed(Socket socket) throws IOException {
        socket.setSoTimeout(10_000);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] buffer = new byte[65536];
        try (InputStream in = socket.getInputStream()) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                body.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("The server did not close the stalled connection; " + body.size() + " bytes read");
        } catch (IOException reset) {
            // a connection closed with unread data may end with a reset: what arrived before still counts
        }
        List<String> ids = new ArrayList<>();
        Matcher frame = Pattern.compile("id: (\\S+)\nevent: message\ndata: \"[^\"]*\"\n\n")
                .matcher(body.toString(StandardCharsets.UTF_8));
        while (frame.find()) {
            ids.add(frame.group(1));
        }
        return ids;
    }
}
