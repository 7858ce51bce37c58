package io.realtime.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.Stream;
import io.realtime.Topic;
import io.realtime.Topics;
import io.realtime.runtime.RealtimeConfig;
import io.realtime.testing.Await;
import io.realtime.testing.SseRecorder;
import io.realtime.testing.Visitor;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the runtime logs as it works: a connection's opening and closing and the runtime's drain at DEBUG, refusals
 * at WARN, once per code and interval with a count, and none of it with a token or a tab id.
 */
class LifecycleLogTest {

    public static class News {
        private final Topics topics;

        public News(Topics topics) {
            this.topics = topics;
        }

        @Stream("/news")
        public Topic<String> news() {
            return topics.get("news");
        }
    }

    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
    private final List<Logger> loggers = List.of(
            Logger.getLogger("io.realtime.internal.outbound.Outbound"),
            Logger.getLogger("io.realtime.runtime.RealtimeRuntime"),
            Logger.getLogger("io.realtime.refusals"));
    private final List<Level> levels = new CopyOnWriteArrayList<>();

    @BeforeEach
    void listen() {
        for (Logger logger : loggers) {
            levels.add(logger.getLevel());
            logger.setLevel(Level.ALL);
            logger.addHandler(capture);
        }
    }

    @AfterEach
    void stopListening() {
        for (int i = 0; i < loggers.size(); i++) {
            loggers.get(i).removeHandler(capture);
            loggers.get(i).setLevel(levels.get(i));
        }
    }

    @Test
    void aConnectionsLifeTheRuntimesDrainAndRefusalsAreLogged() throws Exception {
        String token;
        String tabId;
        try (RealtimeServer server = RealtimeServer.builder()
                .services(News.class)
                // A client that went is noticed on the next heartbeat: soon.
                .config(RealtimeConfig.builder()
                        .heartbeat(Duration.ofMillis(200))
                        .build())
                .start()) {
            Visitor.Tab tab = server.visitor().tab().negotiate("/news");
            try (SseRecorder sse = tab.sse("/news")) {
                assertThat(sse.status()).isEqualTo(200);
                token = tab.token();
                tabId = tab.id();
                assertThat(token).isNotEmpty();
                Await.until("the opening logged", () -> lines(Level.FINE).contains("A sse connection to /news opened"));
            }
            Await.until(
                    "the closing logged",
                    () -> lines(Level.FINE).stream()
                            .anyMatch(l -> l.startsWith("A sse connection to /news closed after ")));
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> refused = server.client()
                        .send(
                                HttpRequest.newBuilder(server.uri().resolve("/news?transport=carrier-pigeon"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                assertThat(refused.statusCode()).isEqualTo(400);
            }
        }
        assertThat(lines(Level.WARNING))
                .as("one line for three refusals of one code within the minute")
                .containsOnlyOnce("Refused 1 request(s) or subscription(s) with the error 'unsupported_transport' since"
                        + " the last such line, at most one a minute per code (realtime.refusals counts them all)");
        assertThat(lines(Level.FINE))
                .anyMatch(line -> line.startsWith("The realtime runtime drains: "))
                .contains("The realtime runtime stopped");
        assertThat(records)
                .extracting(r -> new SimpleFormatter().formatMessage(r))
                .noneMatch(line -> line.contains(token) || line.contains(tabId));
    }

    private List<String> lines(Level level) {
        SimpleFormatter formatter = new SimpleFormatter();
        return records.stream()
                .filter(r -> r.getLevel().equals(level))
                .map(formatter::formatMessage)
                .toList();
    }
}
