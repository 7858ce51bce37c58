package io.realtime.internal.longpoll;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Writes a poll's answer into its async context with servlet non-blocking I/O (Servlet 6.0 §5.3), on the
 * runtime's writer executor: neither the publisher that woke the poll nor the scheduler that ended its hold
 * ever waits for a client. Tells the poll when the container reports that the client went away.
 *
 * <p>Two rules meet here, and a small state machine keeps both without a lock:
 * <ul>
 *   <li>Nothing touches the response once it is completed. Tomcat recycles a completed request's objects for the
 *       next connection, so a header or a write still under way on the writer thread when a container thread
 *       completed the request (the client left, the hold timed out) would land on another client's response.
 *       The writer sets the status and headers in {@link #HEADERS}, and a container callback that ends the reply
 *       waits for that to pass: those setters take no container lock, so the wait is short and cannot deadlock.
 *       The body (or, for 204 and 304, the commit) is written only by {@code onWritePossible}, on a container
 *       thread, which the container never runs beside its own completion of the same request.
 *   <li>No container callback waits for a thread that is calling into the container (issue 16). On Tomcat,
 *       {@code setWriteListener} called off a container thread queues the first {@code onWritePossible} and then
 *       takes the socket's lock to run it ({@code AbstractProcessor.executeDispatches}); a container thread that
 *       already holds that lock ({@code SocketProcessorBase.run}) and is finishing the request may pick up the
 *       queued dispatch itself ({@code AbstractProcessorLight.process}) and call {@code onWritePossible} while
 *       the writer is still inside {@code setWriteListener}. When the reply held a monitor across
 *       {@code setWriteListener} and {@code onWritePossible} needed it, each thread waited for the other for good.
 *       Now the writer is in {@link #CALLING} there: {@code onWritePossible} does its work regardless, and a
 *       callback that ends the reply marks it {@link #ENDING} and returns; the writer completes it when its call
 *       returns.
 * </ul>
 */
final class HttpReply implements HeldPoll.Reply, AsyncListener {

    private static final System.Logger LOG = System.getLogger(HttpReply.class.getName());

    /** No answer yet. */
    private static final int OPEN = 0;
    /** The writer sets the status and headers; nothing else touches the response meanwhile. */
    private static final int HEADERS = 1;
    /** The writer is inside {@code setWriteListener}; the listener may already be running. */
    private static final int CALLING = 2;
    /** The container ended the reply while the writer was {@link #CALLING}; the writer completes it. */
    private static final int ENDING = 3;
    /** The listener owns the response and completes it once the body is taken. */
    private static final int LISTENING = 4;
    /** Completed, or completing: nothing touches the response any more. */
    private static final int DONE = 5;

    private final AsyncContext async;
    private final Executor writers;
    private final AtomicInteger state = new AtomicInteger(OPEN);
    private HeldPoll poll;

    HttpReply(AsyncContext async, Executor writers) {
        this.async = async;
        this.writers = writers;
    }

    /** Attaches the poll this reply answers, and listens for the client leaving. */
    void attach(HeldPoll held) {
        poll = held;
        async.addListener(this);
    }

    @Override
    public void send(Supplier<Answer> answer) {
        try {
            writers.execute(() -> write(answer));
        } catch (RejectedExecutionException stopping) {
            write(answer); // the runtime is stopping; a non-blocking write is safe on this thread too
        }
    }

    @Override
    public void write(Supplier<Answer> supplier) {
        Answer answer;
        try {
            answer = supplier.get();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Building a long-poll answer failed", e);
            answer = Answer.error(new io.realtime.internal.Failure(500, "internal", "The server failed to answer"));
        }
        respond(answer);
    }

    private void respond(Answer answer) {
        if (!state.compareAndSet(OPEN, HEADERS)) {
            return; // the client left, or the hold timed out, first
        }
        BodyWriter body;
        try {
            body = new BodyWriter(head(answer), answer.body());
        } catch (IOException | RuntimeException gone) {
            state.set(DONE); // nobody else moves the state out of HEADERS
            completeAsync();
            return;
        }
        state.set(CALLING);
        try {
            body.out.setWriteListener(body);
        } catch (RuntimeException gone) {
            end(); // the container completed the request first (IllegalStateException, or worse once recycled)
            return;
        }
        if (!state.compareAndSet(CALLING, LISTENING) && state.get() == ENDING) {
            end(); // a container callback ended the reply while the writer was calling; it is the writer's to finish
        }
    }

    /** Sets the status and headers; in {@link #HEADERS}, and calls nothing that takes a container lock. */
    private ServletOutputStream head(Answer answer) throws IOException {
        HttpServletResponse response = (HttpServletResponse) async.getResponse();
        response.setStatus(answer.status());
        response.setHeader("Cache-Control", "no-store");
        if (answer.etag() != null) {
            response.setHeader("ETag", answer.etag());
        }
        if (answer.retryAfter() != null) {
            response.setHeader("Retry-After", answer.retryAfter());
        }
        if (answer.body() != null) {
            response.setContentType("application/json");
            response.setContentLength(answer.body().length);
        }
        return response.getOutputStream();
    }

    /** Completes the request unless someone did already; from any state but {@link #HEADERS}. */
    private void end() {
        if (state.getAndSet(DONE) != DONE) {
            completeAsync();
        }
    }

    private void completeAsync() {
        try {
            async.complete();
        } catch (IllegalStateException alreadyComplete) {
            // Nothing left to do.
        }
    }

    /**
     * The container ends the reply (the client left, the hold timed out): completes it, or leaves that to the
     * writer if the writer is calling into the container. Never waits for a thread that calls into the container.
     */
    private void containerEnds() {
        while (true) {
            int now = state.get();
            switch (now) {
                case HEADERS -> Thread.onSpinWait(); // a few setters on the writer thread; see the class comment
                case CALLING -> {
                    if (state.compareAndSet(CALLING, ENDING)) {
                        return;
                    }
                }
                case ENDING, DONE -> {
                    return;
                }
                default -> {
                    if (state.compareAndSet(now, DONE)) {
                        completeAsync();
                        return;
                    }
                }
            }
        }
    }

    /**
     * One write of the whole body, or a flush that commits a body-less answer (committed before the completion:
     * GlassFish sends 200 for a 204 or 304 completed in a request that has an AsyncListener, as this one has;
     * docs/containers.md); completes once the container has taken it all. Runs on container threads only.
     */
    private final class BodyWriter implements WriteListener {
        private final ServletOutputStream out;
        private byte[] body; // null once handed to the container; confined to the container's listener calls
        private boolean written;

        BodyWriter(ServletOutputStream out, byte[] body) {
            this.out = out;
            this.body = body;
        }

        @Override
        public void onWritePossible() throws IOException {
            int now = state.get();
            if (now == DONE) {
                return;
            }
            if (now == ENDING) {
                end();
                return;
            }
            if (!written) {
                written = true;
                byte[] b = body;
                body = null;
                if (b != null) {
                    out.write(b);
                } else {
                    out.flush();
                }
            }
            if (out.isReady()) {
                end();
            }
        }

        @Override
        public void onError(Throwable failure) {
            containerEnds();
        }
    }

    @Override
    public void onComplete(AsyncEvent event) {
        state.compareAndSet(OPEN, DONE); // completed by the container: an answer still to come must not touch it
        poll.abandon();
    }

    /**
     * The poll has no container timeout (its hold has its own timer), so a container calls this only when it ends
     * the poll because the application stops: Tomcat, once a context is no longer available, times out every
     * request of it in async mode that has none, possibly before the runtime answers its waiting polls
     * (docs/containers.md). A poll not yet answered gets the same answer here, on the container's thread:
     * {@code 204} with {@code Retry-After}, committed before the completion.
     */
    @Override
    public void onTimeout(AsyncEvent event) {
        poll.abandon();
        if (state.compareAndSet(OPEN, HEADERS)) {
            try {
                head(Answer.GOING_AWAY);
                async.getResponse().flushBuffer(); // no write listener yet: an ordinary, blocking commit
            } catch (IOException | RuntimeException gone) {
                // The client went first: nothing to tell it.
            }
            state.set(DONE); // nobody else moves the state out of HEADERS
            completeAsync();
            return;
        }
        containerEnds();
    }

    @Override
    public void onError(AsyncEvent event) {
        poll.abandon();
        containerEnds();
    }

    @Override
    public void onStartAsync(AsyncEvent event) {}
}
