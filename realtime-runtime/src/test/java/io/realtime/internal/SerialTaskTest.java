package io.realtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The single-run guarantee behind every connection's writer: a wake-up is never lost, a run never overlaps
 * another, and {@link SerialTask#runHere()} (a container's completion continuing a writer) runs on the caller's
 * thread only when no run is under way.
 */
class SerialTaskTest {

    private final ExecutorService executor = Executors.newSingleThreadExecutor(task -> new Thread(task, "writer"));

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void aWakeUpRunsTheTaskOnTheExecutor() throws InterruptedException {
        AtomicReference<String> ranOn = new AtomicReference<>();
        CountDownLatch ran = new CountDownLatch(1);
        SerialTask task = new SerialTask(
                executor,
                () -> {
                    ranOn.set(Thread.currentThread().getName());
                    ran.countDown();
                },
                () -> {});

        task.wake();

        assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(ranOn.get()).isEqualTo("writer");
    }

    @Test
    void runHereRunsTheIdleTaskOnTheCallersThreadAndReturnsAfterIt() {
        List<String> ranOn = new ArrayList<>();
        SerialTask task =
                new SerialTask(executor, () -> ranOn.add(Thread.currentThread().getName()), () -> {});

        task.runHere();

        assertThat(ranOn).containsExactly(Thread.currentThread().getName());
    }

    @Test
    void aWakeUpFromInsideTheTaskMakesItGoRoundOnceMoreWithoutRecursion() {
        AtomicInteger depth = new AtomicInteger();
        AtomicInteger deepest = new AtomicInteger();
        AtomicInteger runs = new AtomicInteger();
        SerialTask[] task = new SerialTask[1];
        task[0] = new SerialTask(
                executor,
                () -> {
                    deepest.accumulateAndGet(depth.incrementAndGet(), Math::max);
                    if (runs.incrementAndGet() < 3) {
                        task[0].runHere(); // as a send that completes inside the writer's own call does
                    }
                    depth.decrementAndGet();
                },
                () -> {});

        task[0].runHere();

        assertThat(runs.get()).isEqualTo(3);
        assertThat(deepest.get()).isEqualTo(1);
    }

    @Test
    void runHereDuringARunOnAnotherThreadOnlyMakesThatRunGoRoundOnceMore() throws InterruptedException {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch secondRun = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        AtomicInteger overlapping = new AtomicInteger();
        AtomicInteger inside = new AtomicInteger();
        List<String> ranOn = new ArrayList<>();
        SerialTask task = new SerialTask(
                executor,
                () -> {
                    if (inside.incrementAndGet() > 1) {
                        overlapping.incrementAndGet();
                    }
                    synchronized (ranOn) {
                        ranOn.add(Thread.currentThread().getName());
                    }
                    if (runs.incrementAndGet() == 1) {
                        running.countDown();
                        await(release);
                    } else {
                        secondRun.countDown();
                    }
                    inside.decrementAndGet();
                },
                () -> {});
        task.wake();
        assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();

        task.runHere(); // returns at once: the run under way goes round once more, on its own thread
        release.countDown();

        assertThat(secondRun.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(overlapping.get()).isZero();
        synchronized (ranOn) {
            assertThat(ranOn).containsExactly("writer", "writer");
        }
    }

    @Test
    void anExecutorThatRefusesRunsTheRejectionOnTheWakersThread() {
        executor.shutdown();
        List<String> rejectedOn = new ArrayList<>();
        SerialTask task = new SerialTask(
                executor, () -> {}, () -> rejectedOn.add(Thread.currentThread().getName()));

        task.wake();

        assertThat(rejectedOn).containsExactly(Thread.currentThread().getName());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
