package io.realtime.internal.http;

import io.realtime.internal.Failure;
import io.realtime.internal.metrics.Metrics;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One {@code POST} whose body is read without blocking ({@link RequestBody}) up to a size limit and then handled,
 * answered exactly once: a body over the limit is answered {@code 413}, one far beyond it at once and with
 * {@code Connection: close}, an unreadable one {@code 400} (docs/protocol.md, "Upstream"). Subclasses say what the
 * body does and may take the response over.
 *
 * <p>Threading: the container's threads call the listener methods; {@link #answer()} decides, once, who answers.
 */
public abstract class BodyExchange implements RequestBody.Listener, AsyncListener {

    protected final AsyncContext async;
    protected final HttpServletResponse response;
    protected final int limit;
    private final Failure tooLarge;
    private final Failure unreadable;
    private final Metrics metrics;
    private final AtomicBoolean answered = new AtomicBoolean();

    /**
     * @param limit the most bytes the body may have
     * @param tooLarge what a body over the limit is answered
     * @param unreadable what a body that could not be read is answered
     * @param metrics where every error this exchange answers is counted as a refusal
     */
    protected BodyExchange(AsyncContext async, int limit, Failure tooLarge, Failure unreadable, Metrics metrics) {
        this.async = async;
        this.response = (HttpServletResponse) async.getResponse();
        this.limit = limit;
        this.tooLarge = tooLarge;
        this.unreadable = unreadable;
        this.metrics = metrics;
    }

    /** Starts reading the body, keeping up to the limit; one past {@code bound} bytes is answered at once. */
    public final void start(long bound) throws IOException {
        new RequestBody(async.getRequest().getInputStream(), limit, bound, this).start();
    }

    @Override
    public final void read(byte[] kept, long length) {
        if (length > limit) {
            fail(tooLarge);
            return;
        }
        body(kept);
    }

    /** Handles the whole body, within the limit. */
    protected abstract void body(byte[] body);

    /** @return whether this call claims the answer: {@code false} once the request has been answered */
    protected final boolean answer() {
        return answered.compareAndSet(false, true);
    }

    /** Answers an error, unless answered already, and completes. */
    public final void fail(Failure failure) {
        if (answer()) {
            send(failure);
            complete();
        }
    }

    /** Answers an error and counts it; the caller has claimed the answer ({@link #answer()}). */
    protected final void send(Failure failure) {
        metrics.refused(failure.code());
        HttpErrors.send(response, failure);
    }

    /**
     * Answers an error with {@code Connection: close} and counts it, for a body left unread; the caller has claimed
     * the answer ({@link #answer()}).
     */
    protected final void sendClosing(Failure failure) {
        metrics.refused(failure.code());
        Refusals.closing(response, failure);
    }

    /** A body far beyond the limit: answered now; the rest is discarded a while, then the exchange completes. */
    @Override
    public void overflowed() {
        if (answer()) {
            sendClosing(tooLarge);
        }
    }

    @Override
    public final void finished() {
        complete();
    }

    /** The body could not be read: the client has gone, or sent a broken body. */
    @Override
    public final void failed(Throwable failure) {
        if (answer()) {
            sendClosing(unreadable);
        }
        complete();
    }

    /** Completes the request, if the container has not, then {@link #over()}. */
    protected final void complete() {
        try {
            async.complete();
        } catch (IllegalStateException alreadyComplete) {
            // Completed by the container after a timeout or an error.
        }
        over();
    }

    /** Runs when the exchange is over, possibly more than once; nothing by default. */
    protected void over() {}

    @Override
    public void onError(AsyncEvent event) {
        answered.set(true);
        over();
    }

    @Override
    public void onComplete(AsyncEvent event) {
        answered.set(true);
        over();
    }

    @Override
    public void onStartAsync(AsyncEvent event) {}
}
