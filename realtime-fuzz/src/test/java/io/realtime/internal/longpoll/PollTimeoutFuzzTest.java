package io.realtime.internal.longpoll;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.time.Duration;

/**
 * A long-poll's {@code timeout} query parameter (docs/protocol.md, "Long-poll"): any text yields a hold within the
 * server's bound, or -1 for a {@code 400 bad_request}, never an exception. The hold is read by the transport's own
 * private method, reached by reflection: it is the one place that reads the parameter.
 */
class PollTimeoutFuzzTest {

    private static final Duration MAX_HOLD = Duration.ofSeconds(25);
    private static final Method HOLD_NANOS;
    private static final PollTransport TRANSPORT = new PollTransport(new PollServices(
            null,
            null,
            null,
            new WaitingPolls(),
            null,
            null,
            null,
            MAX_HOLD,
            100,
            65_536,
            16,
            1_000,
            Duration.ofSeconds(30)));

    static {
        try {
            HOLD_NANOS = PollTransport.class.getDeclaredMethod("holdNanos", String.class);
            HOLD_NANOS.setAccessible(true);
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @FuzzTest
    void timeout(FuzzedDataProvider data) throws IllegalAccessException {
        String timeout = data.consumeBoolean() ? null : data.consumeRemainingAsString();
        long hold;
        try {
            hold = (long) HOLD_NANOS.invoke(TRANSPORT, timeout);
        } catch (InvocationTargetException e) {
            throw new AssertionError("holdNanos threw for " + timeout, e.getCause());
        }
        if (hold == -1) {
            assertThat(timeout).isNotNull();
            return;
        }
        assertThat(hold).isBetween(0L, MAX_HOLD.toNanos());
        if (timeout != null) {
            long asked = new BigDecimal(timeout).movePointRight(9).longValue();
            assertThat(hold).isEqualTo(Math.min(asked, MAX_HOLD.toNanos()));
        }
    }
}
