package io.realtime.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.Stream;
import io.realtime.Topic;
import io.realtime.Topics;
import io.realtime.runtime.RealtimeConfig;
import io.realtime.runtime.TokenKey;
import java.time.Duration;
import java.util.Base64;
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

/** When it starts, the runtime logs one INFO line with the settings that differ from the defaults, no secret. */
class StartupSummaryTest {

    public static class Ticker {
        private final Topics topics;

        public Ticker(Topics topics) {
            this.topics = topics;
        }

        @Stream("/ticks")
        public Topic<String> ticks() {
            return topics.get("ticks");
        }
    }

    private final Logger library = Logger.getLogger("io.realtime");
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        private final SimpleFormatter formatter = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().equals(Level.INFO) && record.getMessage().contains("runs with")) {
                lines.add(formatter.formatMessage(record));
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeEach
    void listen() {
        library.addHandler(capture);
    }

    @AfterEach
    void stopListening() {
        library.removeHandler(capture);
    }

    @Test
    void theSettingsThatDifferAreLoggedOnceWithKeysByIdAlone() {
        byte[] secret = new byte[32];
        secret[31] = 7;
        RealtimeConfig config = RealtimeConfig.builder()
                .heartbeat(Duration.ofSeconds(20))
                .historyMaxEvents(5000)
                .tokenKeys(List.of(TokenKey.of("2026-01", secret)))
                .build();
        try (RealtimeServer server = RealtimeServer.builder()
                .config(config)
                .contextPath("/shop")
                .services(Ticker.class)
                .start()) {
            assertThat(server.uri()).isNotNull();
        }
        assertThat(lines)
                .containsExactly("The realtime runtime in '/shop' runs with"
                        + " RealtimeConfig[historyMaxEvents=5000, heartbeat=20s, tokenKeys=[2026-01]]");
        assertThat(lines.get(0))
                .doesNotContain(Base64.getEncoder().encodeToString(secret))
                .doesNotContain(Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
    }

    @Test
    void defaultsSayNoneChanged() {
        try (RealtimeServer server = RealtimeServer.start(Ticker.class)) {
            assertThat(server.uri()).isNotNull();
        }
        assertThat(lines).singleElement().asString().endsWith("runs with RealtimeConfig[defaults]");
    }
}
