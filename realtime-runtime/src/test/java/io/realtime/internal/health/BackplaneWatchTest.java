package io.realtime.internal.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.internal.LogCapture;
import io.realtime.spi.BackplaneException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Readiness follows the last probe; a change is logged once; a probe that hangs holds back the next ones. */
class BackplaneWatchTest {

    private final AtomicBoolean up = new AtomicBoolean(true);
    private final AtomicInteger probes = new AtomicInteger();
    private final Runnable probe = () -> {
        probes.incrementAndGet();
        if (!up.get()) {
            throw new BackplaneException("Redis did not answer PING (RedisConnectionException)", null);
        }
    };
    private LogCapture capture;

    @BeforeEach
    void listen() {
        capture = LogCapture.of(Level.INFO, BackplaneWatch.class.getName());
    }

    @AfterEach
    void stopListening() {
        capture.close();
    }

    @Test
    void theFirstProbeRunsAtOnceAndEachTickProbesAgain() {
        up.set(false);
        BackplaneWatch watch = new BackplaneWatch(probe, Runnable::run);
        assertThat(watch.reachable()).isFalse();
        assertThat(probes).hasValue(1);
        up.set(true);
        watch.tick();
        assertThat(watch.reachable()).isTrue();
        assertThat(probes).hasValue(2);
    }

    @Test
    void aLossAndAReturnAreLoggedOnceEach() {
        BackplaneWatch watch = new BackplaneWatch(probe, Runnable::run);
        up.set(false);
        watch.tick();
        watch.tick();
        watch.tick();
        assertThat(watch.reachable()).isFalse();
        up.set(true);
        watch.tick();
        watch.tick();
        assertThat(watch.reachable()).isTrue();
        assertThat(capture.records())
                .extracting(LogRecord::getLevel, LogRecord::getMessage)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                Level.WARNING, "The backplane cannot be reached: this node reports itself not ready"),
                        org.assertj.core.groups.Tuple.tuple(
                                Level.INFO, "The backplane can be reached again: this node reports itself ready"));
    }

    @Test
    void aProbeStillRunningIsNotJoinedByAnother() {
        List<Runnable> started = new CopyOnWriteArrayList<>();
        Executor held = started::add;
        BackplaneWatch watch = new BackplaneWatch(probe, held);
        watch.tick();
        watch.tick();
        watch.tick();
        assertThat(started).hasSize(1);
        up.set(false);
        started.get(0).run();
        assertThat(watch.reachable()).isFalse();
        watch.tick();
        assertThat(started).hasSize(2);
    }

    @Test
    void threadsThatStoppedLeaveTheLastAnswerAndAllowALaterProbe() {
        AtomicBoolean stopped = new AtomicBoolean(true);
        Executor stopping = task -> {
            if (stopped.get()) {
                throw new RejectedExecutionException("stopped");
            }
            task.run();
        };
        BackplaneWatch watch = new BackplaneWatch(probe, stopping);
        watch.tick();
        assertThat(watch.reachable()).isTrue();
        stopped.set(false);
        up.set(false);
        watch.tick();
        assertThat(watch.reachable()).isFalse();
    }
}
