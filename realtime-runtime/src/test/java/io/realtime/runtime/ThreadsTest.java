package io.realtime.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** The runtime's timers drop their futures, so the scheduler itself logs a task's failure. */
class ThreadsTest {

    @Test
    void aFailingTimerIsLoggedNotLost() throws Exception {
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger logger = Logger.getLogger(Threads.class.getName());
        logger.addHandler(capture);
        Threads threads = new Threads();
        ScheduledThreadPoolExecutor scheduler = threads.scheduler();
        try {
            ScheduledFuture<?> broken = scheduler.schedule(
                    () -> {
                        throw new IllegalStateException("broken timer");
                    },
                    0,
                    TimeUnit.MILLISECONDS);
            ScheduledFuture<?> fine = scheduler.schedule(() -> {}, 0, TimeUnit.MILLISECONDS);
            assertThatThrownBy(() -> broken.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
            fine.get(10, TimeUnit.SECONDS);
            scheduler.shutdown(); // the worker ends after it has logged
            assertThat(scheduler.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            logger.removeHandler(capture);
        }
        assertThat(records)
                .singleElement()
                .satisfies(r -> assertThat(r.getLevel()).isEqualTo(Level.WARNING))
                .satisfies(r -> assertThat(r.getThrown()).hasMessage("broken timer"));
    }
}
