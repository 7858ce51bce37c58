package io.realtime.internal.sse;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.internal.DispatchingOutput;
import io.realtime.internal.metrics.Metrics;
import io.realtime.internal.outbound.Connections;
import io.realtime.internal.outbound.OutboundServices;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Proxy;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A stream opened off its request's thread (a shared stream opened by a control request, a duplex stream opened
 * on a worker) while the client leaves: the container's callback never waits for the opening thread inside
 * {@code setWriteListener} (issue 16), the response is completed once, and nothing touches it afterwards.
 */
class SseOpeningTest {

    private static final int ROUNDS = 50;
    private static final long DEADLINE_SECONDS = 30; // only reached when a thread is stuck for good

    private final AtomicBoolean completed = new AtomicBoolean();
    private final AtomicInteger completions = new AtomicInteger();
    private final AtomicInteger touchedAfterCompletion = new AtomicInteger();
    private final CountDownLatch threadsDone = new CountDownLatch(2);

    @Test
    void theClientLeavingWhileTheStreamSetsItsListenerClosesItOnce() {
        for (int round = 0; round < ROUNDS; round++) {
            SseOpeningTest request = new SseOpeningTest();
            request.leaveWhileOpening();
            assertThat(request.completions.get()).isEqualTo(1);
            assertThat(request.touchedAfterCompletion.get()).isZero();
        }
    }

    private void leaveWhileOpening() {
        DispatchingOutput out = new DispatchingOutput(this::touch);
        AsyncContext async = async(response(out));
        SseConnection connection = new SseConnection(
                new OutboundServices(
                        new ConcurrentLinkedQueue<Runnable>()::add, new Connections(), 10_000, Metrics.NONE),
                "/stream",
                async,
                2000,
                null);
        CountDownLatch holding = new CountDownLatch(1);
        start("container", () -> {
            out.socketLock.lock(); // as while the container finishes the request that went async
            try {
                holding.countDown();
                await(out.listenerSet);
                connection.onError(new AsyncEvent(async)); // the client left
                out.runQueuedDispatch();
            } finally {
                out.socketLock.unlock();
            }
        });
        await(holding);
        start("worker", connection::open);
        await(threadsDone);
    }

    private void touch() {
        if (completed.get()) {
            touchedAfterCompletion.incrementAndGet();
        }
    }

    private void start(String name, Runnable work) {
        Thread thread = new Thread(
                () -> {
                    try {
                        work.run();
                    } finally {
                        threadsDone.countDown();
                    }
                },
                name);
        thread.setDaemon(true); // a deadlocked pair must not keep the test JVM alive
        thread.start();
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(DEADLINE_SECONDS, TimeUnit.SECONDS))
                    .as("a thread is stuck")
                    .isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private HttpServletResponse response(DispatchingOutput out) {
        return (HttpServletResponse) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {HttpServletResponse.class}, (proxy, method, args) -> {
                    touch();
                    return method.getName().equals("getOutputStream") ? out : null;
                });
    }

    private AsyncContext async(HttpServletResponse response) {
        return (AsyncContext) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {AsyncContext.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "getResponse" -> {
                            return response;
                        }
                        case "complete" -> {
                            if (completed.getAndSet(true)) {
                                throw new IllegalStateException("Already completed");
                            }
                            completions.incrementAndGet();
                        }
                        default -> {}
                    }
                    return null;
                });
    }
}
