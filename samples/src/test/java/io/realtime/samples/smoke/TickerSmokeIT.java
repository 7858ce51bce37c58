package io.realtime.samples.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.testing.SseEvent;
import io.realtime.testing.SseRecorder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The ticker: {@code price} events over Server-Sent Events, and a reconnect that resumes without a gap. */
@ParameterizedClass
@EnumSource(Container.class)
@ExtendWith(Container.Cleanup.class)
class TickerSmokeIT {

    private static final String PRICE =
            "\\{\"symbol\":\"[A-Z]+\",\"price\":\\d+(\\.\\d+)?,\"at\":\"\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z\"}";

    private final Samples samples;

    TickerSmokeIT(Container container) {
        this.samples = container.samples();
    }

    @Test
    void pricesFlowAsNamedEventsWithCursors() {
        try (SseRecorder ticker = samples.sse("/ticker")) {
            List<SseEvent> quotes = ticker.next(8);
            assertThat(quotes).allSatisfy(quote -> {
                assertThat(quote.event()).isEqualTo("price");
                assertThat(quote.data()).matches(PRICE);
            });
            assertThat(quotes.stream()
                            .map(quote ->
                                    quote.data().substring(11, quote.data().indexOf("\",")))
                            .distinct())
                    .hasSizeGreaterThan(1);
            assertThat(offsets(quotes)).isSorted().doesNotHaveDuplicates();
        }
    }

    @Test
    void aReconnectWithLastEventIdReceivesExactlyWhatItMissed() {
        try (SseRecorder watcher = samples.sse("/ticker")) {
            String last;
            try (SseRecorder ticker = samples.sse("/ticker")) {
                last = ticker.next(3).get(2).id();
            }
            // The watcher stays connected: what it sees after the closed stream's last event is what that missed.
            List<SseEvent> missed = new ArrayList<>();
            while (missed.size() < 6) {
                SseEvent event = watcher.next();
                if (offset(event) > offset(last)) {
                    missed.add(event);
                }
            }
            assertThat(offsets(missed))
                    .containsExactlyElementsOf(
                            java.util.stream.LongStream.rangeClosed(offset(last) + 1, offset(last) + 6)
                                    .boxed()
                                    .toList());
            try (SseRecorder resumed = samples.sse("/ticker", last)) {
                assertThat(resumed.next(missed.size())).containsExactlyElementsOf(missed);
            }
        }
    }

    private static List<Long> offsets(List<SseEvent> events) {
        return events.stream().map(TickerSmokeIT::offset).toList();
    }

    private static long offset(SseEvent event) {
        return offset(event.id());
    }

    private static long offset(String cursor) {
        return Long.parseLong(cursor.substring(cursor.lastIndexOf(':') + 1));
    }
}
