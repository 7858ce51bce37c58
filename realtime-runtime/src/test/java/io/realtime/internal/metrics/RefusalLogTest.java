package io.realtime.internal.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.internal.LogCapture;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Refusals are logged at WARN, one line per code per interval with their count, and never more than the code. */
class RefusalLogTest {

    private static final long MINUTE = 60_000_000_000L;

    private final AtomicLong clock = new AtomicLong(123_456_789L);
    private final RefusalLog log = new RefusalLog(clock::get, MINUTE);
    private LogCapture capture;

    @BeforeEach
    void listen() {
        capture = LogCapture.of(Level.ALL, "io.realtime.refusals");
    }

    @AfterEach
    void stopListening() {
        capture.close();
    }

    @Test
    void theFirstRefusalOfACodeIsLoggedAtOnceTheNextOnesOncePerIntervalWithTheirCount() {
        log.refused("too_large");
        assertThat(lines()).containsExactly(line(1, "too_large"));
        for (int i = 0; i < 5; i++) {
            log.refused("too_large");
        }
        clock.addAndGet(MINUTE - 1);
        log.refused("too_large");
        assertThat(lines()).as("nothing more within the minute").hasSize(1);
        clock.addAndGet(1);
        log.refused("too_large");
        assertThat(lines()).containsExactly(line(1, "too_large"), line(7, "too_large"));
        assertThat(capture.records()).allSatisfy(r -> assertThat(r.getLevel()).isEqualTo(Level.WARNING));
    }

    @Test
    void eachCodeHasItsOwnInterval() {
        log.refused("too_large");
        log.refused("not_found");
        log.refused("too_large");
        assertThat(lines()).containsExactly(line(1, "too_large"), line(1, "not_found"));
    }

    @Test
    void codesBeyondTheBoundShareOneLine() {
        for (int i = 0; i < RefusalLog.MAX_CODES; i++) {
            log.refused("code_" + i);
        }
        log.refused("one_more");
        log.refused("and_another");
        assertThat(lines()).hasSize(RefusalLog.MAX_CODES + 1).endsWith(line(1, RefusalLog.OTHER));
    }

    @Test
    void nothingIsCountedOrLoggedWhenWarningsAreOff() {
        capture.level(Level.SEVERE);
        log.refused("too_large");
        capture.level(Level.ALL);
        log.refused("too_large");
        assertThat(lines()).containsExactly(line(1, "too_large"));
    }

    private List<String> lines() {
        return capture.lines();
    }

    private static String line(long count, String code) {
        return "Refused " + count + " request(s) or subscription(s) with the error '" + code
                + "' since the last such line, at most one a minute per code (realtime.refusals counts them all)";
    }
}
