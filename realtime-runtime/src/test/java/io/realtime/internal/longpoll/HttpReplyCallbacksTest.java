package io.realtime.internal.longpoll;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.internal.DispatchingOutput;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The container's callbacks into a poll's reply never wait for a writer thread that is calling into the container
 * (issue 16), and nothing touches the response once it is completed. The fake container behaves as Tomcat 11 does:
 * {@code setWriteListener} off a container thread queues the first {@code onWritePossible}, then takes the
 * socket's lock to run it, and a container thread that already holds that lock may run it first.
 */
class HttpReplyCallbacksTest {

    private static final int ROUNDS = 50;
    private static final long DEADLINE_SECONDS = 30; // only reached when a thread is stuck for good
    private static final byte[] BODY = "{\"events\":[]}".getBytes(StandardCharsets.UTF_8);

    @Test
    void aContainerThreadHoldingTheSocketLockWritesTheBodyWhileTheWriterSetsTheListener() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            FakeRequest request = new FakeRequest();
            request.containerHoldsTheSocket(request.out::runQueuedDispatch);
            request.answerOnWriterThread(Answer.json(BODY));

            request.awaitBothThreads();
            assertThat(request.out.bytes()).isEqualTo(BODY);
            assertThat(request.completions.get()).isEqualTo(1);
            assertThat(request.touchedAfterCompletion.get()).isZero();
        }
    }

    @Test
    void aTimeoutWhileTheWriterSetsTheListenerCompletesTheRequestOnce() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            FakeRequest request = new FakeRequest();
            request.containerHoldsTheSocket(() -> {
                request.timeOut();
                request.out.runQueuedDispatch();
            });
            request.answerOnWriterThread(Answer.json(BODY));

            request.awaitBothThreads();
            assertThat(request.completions.get()).isEqualTo(1);
            assertThat(request.touchedAfterCompletion.get()).isZero();
        }
    }

    @Test
    void aTimeoutWhileTheWriterSetsTheHeadersCompletesOnlyAfterThem() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            FakeRequest request = new FakeRequest();
            CountDownLatch inHeaders = new CountDownLatch(1);
            CountDownLatch headersMayGoOn = new CountDownLatch(1);
            request.duringHeaders = () -> {
                inHeaders.countDown();
                await(headersMayGoOn);
            };
            request.answerOnWriterThread(Answer.json(BODY));
            await(inHeaders);
            request.onContainerThread(() -> {
                headersMayGoOn.countDown();
                request.timeOut();
            });

            request.awaitBothThreads();
            assertThat(request.completions.get()).isEqualTo(1);
            assertThat(request.touchedAfterCompletion.get()).isZero();
        }
    }

    @Test
    void aBodylessAnswerIsCommittedByTheListenerBeforeTheCompletion() throws Exception {
        FakeRequest request = new FakeRequest();
        request.containerHoldsTheSocket(request.out::runQueuedDispatch);
        request.answerOnWriterThread(Answer.NO_CONTENT);

        request.awaitBothThreads();
        assertThat(request.out.flushes()).isEqualTo(1);
        assertThat(request.out.bytes().length).isZero();
        assertThat(request.status.get()).isEqualTo(204);
        assertThat(request.completions.get()).isEqualTo(1);
        assertThat(request.touchedAfterCompletion.get()).isZero();
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

    /** One async request of the fake container, with its reply and the poll it answers. */
    private static final class FakeRequest {
        final DispatchingOutput out = new DispatchingOutput(this::touch);
        final AtomicBoolean completed = new AtomicBoolean();
        final AtomicInteger completions = new AtomicInteger();
        final AtomicInteger touchedAfterCompletion = new AtomicInteger();
        final AtomicInteger status = new AtomicInteger();
        final CountDownLatch threadsDone = new CountDownLatch(2);
        volatile Runnable duringHeaders = () -> {};
        volatile AsyncListener listener;
        final AsyncContext async;
        final HttpReply reply;
        final HeldPoll poll;

        FakeRequest() {
            HttpServletResponse response = (HttpServletResponse) Proxy.newProxyInstance(
                    getClass().getClassLoader(), new Class<?>[] {HttpServletResponse.class}, (proxy, method, args) -> {
                        touch();
                        switch (method.getName()) {
                            case "setHeader" -> duringHeaders.run();
                            case "setStatus" -> status.set((Integer) args[0]);
                            case "getOutputStream" -> {
                                return out;
                            }
                            default -> {}
                        }
                        return null;
                    });
            async = (AsyncContext) Proxy.newProxyInstance(
                    getClass().getClassLoader(), new Class<?>[] {AsyncContext.class}, (proxy, method, args) -> {
                        switch (method.getName()) {
                            case "getResponse" -> {
                                return response;
                            }
                            case "addListener" -> listener = (AsyncListener) args[0];
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
            reply = new HttpReply(async, Runnable::run);
            poll = new HeldPoll(reply, () -> {});
            reply.attach(poll);
        }

        void touch() {
            if (completed.get()) {
                touchedAfterCompletion.incrementAndGet();
            }
        }

        /** A container thread that holds the socket's lock, as while it finishes the request, when the writer sets
         * its listener, and then runs {@code work}. */
        void containerHoldsTheSocket(Runnable work) {
            CountDownLatch holding = new CountDownLatch(1);
            onContainerThread(() -> {
                out.socketLock.lock();
                try {
                    holding.countDown();
                    await(out.listenerSet);
                    work.run();
                } finally {
                    out.socketLock.unlock();
                }
            });
            await(holding);
        }

        void onContainerThread(Runnable work) {
            start("container", work);
        }

        void answerOnWriterThread(Answer answer) {
            start("writer", () -> poll.answerHere(() -> answer));
        }

        void timeOut() {
            try {
                listener.onTimeout(new AsyncEvent(async));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
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

        void awaitBothThreads() {
            await(threadsDone);
        }
    }
}
