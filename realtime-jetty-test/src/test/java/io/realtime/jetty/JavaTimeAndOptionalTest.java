package io.realtime.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.realtime.Duplex;
import io.realtime.Stream;
import io.realtime.runtime.RealtimeConfig;
import io.realtime.testing.SseRecorder;
import io.realtime.testing.WebSocketRecorder;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Without any configuration, events and messages carry {@code java.time} values as ISO-8601 text and
 * {@code Optional} as its value or {@code null}; an application that gives its own mapper has its settings apply.
 */
class JavaTimeAndOptionalTest {

    public record Reading(Instant at, LocalDate day, Optional<String> note, Optional<String> none) {}

    public record Booking(LocalDate day, Optional<String> note) {}

    public static class Diary {
        @Stream("/readings")
        public List<Reading> readings() {
            return List.of(new Reading(
                    Instant.parse("2026-12-04T15:00:00Z"),
                    LocalDate.of(2026, 12, 4),
                    Optional.of("warm"),
                    Optional.empty()));
        }

        @Duplex("/bookings")
        public String book(Booking booking) {
            return booking.day().plusDays(1) + " " + booking.note().orElse("-");
        }
    }

    @Test
    void theDefaultMapperWritesJavaTimeAsIsoTextAndOptionalAsItsValue() {
        try (RealtimeServer server = RealtimeServer.start(Diary.class);
                SseRecorder readings = server.sse("/readings")) {
            assertThat(readings.next().data())
                    .isEqualTo(
                            "{\"at\":\"2026-12-04T15:00:00Z\",\"day\":\"2026-12-04\",\"note\":\"warm\",\"none\":null}");
        }
    }

    @Test
    void theDefaultMapperReadsJavaTimeAndOptionalInMessages() throws Exception {
        try (RealtimeServer server = RealtimeServer.start(Diary.class);
                WebSocketRecorder bookings = server.webSocket("/bookings")) {
            bookings.send("{\"ref\":1,\"data\":{\"day\":\"2026-12-31\",\"note\":\"party\"}}");
            assertThat(bookings.next()).isEqualTo("{\"ref\":1,\"data\":\"2027-01-01 party\"}");
            bookings.send("{\"ref\":2,\"data\":{\"day\":\"2026-01-01\"}}");
            assertThat(bookings.next()).isEqualTo("{\"ref\":2,\"data\":\"2026-01-02 -\"}");
        }
    }

    @Test
    void theApplicationsOwnMapperReplacesTheDefault() {
        ObjectMapper own = new ObjectMapper()
                .findAndRegisterModules()
                .setPropertyNamingStrategy(PropertyNamingStrategies.UPPER_CAMEL_CASE);
        try (RealtimeServer server = RealtimeServer.builder()
                        .config(RealtimeConfig.builder().objectMapper(own).build())
                        .services(Diary.class)
                        .start();
                SseRecorder readings = server.sse("/readings")) {
            assertThat(readings.next().data()).startsWith("{\"At\":").contains("\"Note\":\"warm\"");
        }
    }
}
