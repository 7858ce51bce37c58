package io.realtime.internal.multiplex;

import io.realtime.internal.Failure;
import io.realtime.internal.http.HttpErrors;
import io.realtime.internal.http.Refusals;
import io.realtime.internal.http.RequestBody;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The body of one {@code POST /realtime/mux}, read without blocking ({@link RequestBody}) up to the size limit, then
 * handed over: to the stream or poll it opens, which answer it from then on, or to a change of subscriptions,
 * answered here. A body over the limit is answered {@code 413} as a {@code POST} message's is (docs/protocol.md,
 * "Upstream").
 */
final class SharedRequest implements RequestBody.Listener, AsyncListener {

    /** What the request does once its body is read; it answers through the request, or takes the response over. */
    interface Handler {
        void handle(String body, SharedRequest answer);
    }

    private final AsyncContext async;
    private final HttpServletResponse response;
    private final int limit;
    private final Handler handler;
    private final AtomicBoolean answered = new AtomicBoolean();

    SharedRequest(AsyncContext async, int limit, Handler handler) {
        this.async = async;
        this.response = (HttpServletResponse) async.getResponse();
        this.limit = limit;
        this.handler = handler;
    }

    /** Starts reading the body, keeping up to the limit; one past {@code bound} bytes is answered at once. */
    void start(long bound) throws IOException {
        new RequestBody(async.getRequest().getInputStream(), limit, bound, this).start();
    }

    @Override
    public void read(byte[] kept, long length) {
        if (length > limit) {
            fail(new Failure(413, "too_large", "A request may have at most " + limit + " bytes"));
            return;
        }
        handler.handle(new String(kept, StandardCharsets.UTF_8), this);
    }

    /** The change was applied: {@code 204}, the answers come on the stream. */
    void applied() {
        if (answered.compareAndSet(false, true)) {
            response.setStatus(204);
            response.setHeader("Cache-Control", "no-store");
            complete();
        }
    }

    /** Answers an error, and completes. */
    void fail(Failure failure) {
        if (answered.compareAndSet(false, true)) {
            HttpErrors.send(response, failure);
            complete();
        }
    }

    @Override
    public void overflowed() {
        if (answered.compareAndSet(false, true)) {
            Refusals.closing(response, new Failure(413, "too_large", "A request may have at most " + limit + " bytes"));
        }
    }

    @Override
    public void finished() {
        complete();
    }

    @Override
    public void failed(Throwable failure) {
        if (answered.compareAndSet(false, true)) {
            Refusals.closing(response, new Failure(400, "bad_request", "The request body could not be read"));
        }
        complete();
    }

    /** Only a change of subscriptions has a timeout: its body did not arrive in time. */
    @Override
    public void onTimeout(AsyncEvent event) {
        if (answered.compareAndSet(false, true)) {
            Refusals.closing(response, new Failure(504, "timeout", "The request body did not arrive in time"));
        }
        complete();
    }

    @Override
    public void onError(AsyncEvent event) {
        answered.set(true);
    }

    @Override
    public void onComplete(AsyncEvent event) {
        answered.set(true);
    }

    @Override
    public void onStartAsync(AsyncEvent event) {}

    private void complete() {
        try {
            async.complete();
        } catch (IllegalStateException alreadyComplete) {
            // Completed by the container after a timeout or an error.
        }
    }
}
