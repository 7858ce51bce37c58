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
import java.util.function.Supplier;

/**
 * Writes a poll's answer into its async context with servlet non-blocking I/O (Servlet 6.0 §5.3), on the
 * runtime's writer executor: neither the publisher that woke the poll nor the scheduler that ended its hold
 * ever waits for a client. Tells the poll when the container reports that the client went away.
 *
 * <p>The writer and the container's threads use the response under this object's lock, and nothing touches it
 * once it is completed: a container that recycles a completed request for the next connection (Tomcat does)
 * would otherwise receive the answer still being written on the writer thread when a container thread completed
 * the request because the client left, and the next client's request would fail instead.
 */
final class HttpReply implements HeldPoll.Reply, AsyncListener {

    private static final System.Logger LOG = System.getLogger(HttpReply.class.getName());

    private final AsyncContext async;
    private final Executor writers;
    private HeldPoll poll;
    private boolean completed; // guarded by this; see the class comment

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

    private synchronized void respond(Answer answer) {
        if (completed) {
            return;
        }
        try {
            HttpServletResponse response = (HttpServletResponse) async.getResponse();
            response.setStatus(answer.status());
            response.setHeader("Cache-Control", "no-store");
            if (answer.etag() != null) {
                response.setHeader("ETag", answer.etag());
            }
            if (answer.retryAfter() != null) {
                response.setHeader("Retry-After", answer.retryAfter());
            }
            byte[] body = answer.body();
            if (body == null) {
                // Committed before the completion: GlassFish sends 200 for a 204 or 304 completed in a request that
                // has an AsyncListener, as this one has (docs/containers.md).
                response.flushBuffer();
                async.complete();
                return;
            }
            response.setContentType("application/json");
            response.setContentLength(body.length);
            ServletOutputStream out = response.getOutputStream();
            out.setWriteListener(new BodyWriter(out, body));
        } catch (IOException | IllegalStateException gone) {
            complete(); // the client left, or the container completed the request first
        }
    }

    private synchronized void complete() {
        if (completed) {
            return;
        }
        completed = true;
        try {
            async.complete();
        } catch (IllegalStateException alreadyComplete) {
            // Nothing left to do.
        }
    }

    /** One write of the whole body; completes once the container has taken it all. */
    private final class BodyWriter implements WriteListener {
        private final ServletOutputStream out;
        private byte[] body;

        BodyWriter(ServletOutputStream out, byte[] body) {
            this.out = out;
            this.body = body;
        }

        @Override
        public void onWritePossible() throws IOException {
            synchronized (HttpReply.this) {
                if (completed) {
                    return;
                }
                if (body != null) {
                    byte[] b = body;
                    body = null;
                    out.write(b);
                }
                if (out.isReady()) {
                    complete();
                }
            }
        }

        @Override
        public void onError(Throwable failure) {
            complete();
        }
    }

    @Override
    public void onComplete(AsyncEvent event) {
        poll.abandon();
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        poll.abandon();
        complete();
    }

    @Override
    public void onError(AsyncEvent event) {
        poll.abandon();
        complete();
    }

    @Override
    public void onStartAsync(AsyncEvent event) {}
}
