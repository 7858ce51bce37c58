package io.realtime.internal.http;

import io.realtime.internal.Failure;
import io.realtime.internal.metrics.Metrics;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Answers HTTP errors to requests that may still be sending a body, such as a refused {@code POST} message, so
 * that the client receives the error on every container: a body of at most {@link #bound()} bytes is read and
 * discarded first, so the connection stays usable; a larger one is answered at once with {@code Connection: close}
 * (see {@link RequestBody} for why, docs/protocol.md "Upstream" for the wire).
 *
 * <p>Threading: any thread that serves a request; never blocks. A body that stops arriving is given up after the
 * timeout, with the same error and {@code Connection: close}.
 */
public final class Refusals {

    private final long bound;
    private final long timeoutMillis;
    private final Metrics metrics;

    /**
     * @param maxMessageSize the message size limit
     * @param timeout how long a body may take to arrive
     * @param metrics where refusals are counted
     */
    public Refusals(int maxMessageSize, Duration timeout, Metrics metrics) {
        this.metrics = metrics;
        this.bound = maxMessageSize + RequestBody.SLACK;
        this.timeoutMillis = timeout.toMillis();
    }

    /** @return where refusals are counted */
    public Metrics metrics() {
        return metrics;
    }

    /** @return how many bytes a refused body may have and still be read to its end: the size limit plus 1 MiB */
    public long bound() {
        return bound;
    }

    /**
     * Answers {@code failure}: at once for a request without a body or one that waits for {@code 100 Continue};
     * once the body has been read for one within the bound; at once with {@code Connection: close} for one
     * declared larger, then reading on for a while.
     *
     * @param request a request not in asynchronous mode, whose body nobody has read
     * @param response its response, with any extra headers (such as {@code Allow}) set
     * @param failure the error
     */
    public void answer(HttpServletRequest request, HttpServletResponse response, Failure failure) throws IOException {
        metrics.refused(failure.code());
        long declared = request.getContentLengthLong();
        boolean chunked = declared < 0 && request.getHeader("Transfer-Encoding") != null;
        if (declared <= 0 && !chunked) {
            HttpErrors.send(response, failure);
            return;
        }
        if ("100-continue".equalsIgnoreCase(request.getHeader("Expect"))) {
            // The client sends its body only after 100 Continue, which a final answer replaces (RFC 9110 §10.1.1).
            if (declared > bound) {
                closing(response, failure);
            } else {
                HttpErrors.send(response, failure);
            }
            return;
        }
        AsyncContext async = request.startAsync();
        async.setTimeout(timeoutMillis);
        Discard discard = new Discard(async, response, failure);
        async.addListener(discard);
        long before = bound;
        if (declared > bound) {
            discard.overflowed();
            before = 0;
        }
        new RequestBody(request.getInputStream(), 0, before, discard).start();
    }

    /**
     * Answers with {@code Connection: close} and pushes the answer out: the connection ends after it.
     *
     * @param response the response
     * @param failure the error
     */
    public static void closing(HttpServletResponse response, Failure failure) {
        if (response.isCommitted()) {
            return;
        }
        response.setHeader("Connection", "close");
        HttpErrors.send(response, failure);
        try {
            response.flushBuffer();
        } catch (IOException | IllegalStateException gone) {
            // The client left; nothing to tell.
        }
    }

    /** One refused request whose body is being discarded. */
    private static final class Discard implements RequestBody.Listener, AsyncListener {
        private final AsyncContext async;
        private final HttpServletResponse response;
        private final Failure failure;
        private final AtomicBoolean sent = new AtomicBoolean();
        private final AtomicBoolean ended = new AtomicBoolean();

        Discard(AsyncContext async, HttpServletResponse response, Failure failure) {
            this.async = async;
            this.response = response;
            this.failure = failure;
        }

        @Override
        public void read(byte[] kept, long length) {
            if (sent.compareAndSet(false, true)) {
                HttpErrors.send(response, failure);
            }
            end();
        }

        @Override
        public void overflowed() {
            if (sent.compareAndSet(false, true)) {
                closing(response, failure);
            }
        }

        @Override
        public void finished() {
            end();
        }

        @Override
        public void failed(Throwable cause) {
            end();
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            end();
        }

        @Override
        public void onError(AsyncEvent event) {
            ended.set(true);
        }

        @Override
        public void onComplete(AsyncEvent event) {
            ended.set(true);
        }

        @Override
        public void onStartAsync(AsyncEvent event) {}

        /** Answers with {@code Connection: close} unless that was done, and completes. */
        private void end() {
            overflowed();
            if (ended.compareAndSet(false, true)) {
                try {
                    async.complete();
                } catch (IllegalStateException alreadyComplete) {
                    // Completed by the container after an error.
                }
            }
        }
    }
}
