package io.realtime.internal.duplex;

import io.realtime.internal.RealtimeRuntime;
import io.realtime.internal.http.HttpErrors;
import io.realtime.internal.session.TabSession;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One uplink {@code POST}: the body is read without blocking (Servlet 6.0 §5.3) up to the size limit, the message
 * is handled on a worker, and the reply becomes the response, which is answered exactly once.
 */
final class UplinkExchange implements ReadListener, AsyncListener {

    private final RealtimeRuntime runtime;
    private final Conversation conversation;
    private final Map<String, String> path;
    private final TabSession session;
    private final AsyncContext async;
    private final HttpServletResponse response;
    private final ServletInputStream in;
    private final int limit;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private final AtomicBoolean answered = new AtomicBoolean();
    private final AtomicBoolean completed = new AtomicBoolean();
    private volatile Runnable release;

    UplinkExchange(
            RealtimeRuntime runtime,
            Conversation conversation,
            Map<String, String> path,
            TabSession session,
            AsyncContext async,
            int limit)
            throws IOException {
        this.runtime = runtime;
        this.conversation = conversation;
        this.path = path;
        this.session = session;
        this.async = async;
        this.response = (HttpServletResponse) async.getResponse();
        this.in = async.getRequest().getInputStream();
        this.limit = limit;
    }

    @Override
    public void onDataAvailable() throws IOException {
        byte[] buffer = new byte[8192];
        while (in.isReady() && !in.isFinished()) {
            int n = in.read(buffer);
            if (n < 0) {
                return;
            }
            if (body.size() + n > limit) {
                fail(413, "too_large", "A message may have at most " + limit + " bytes");
                return;
            }
            body.write(buffer, 0, n);
        }
    }

    @Override
    public void onAllDataRead() {
        if (answered.get()) {
            return;
        }
        byte[] bytes = body.toByteArray();
        try {
            runtime.workers().execute(() -> {
                if (conversation.mode() == Conversation.Mode.BINARY) {
                    conversation.binary(bytes, path, session, this::reply);
                } else {
                    conversation.text(new String(bytes, StandardCharsets.UTF_8), path, session, this::reply);
                }
            });
        } catch (RejectedExecutionException saturated) {
            response.setHeader("Retry-After", "1");
            fail(503, "overloaded", "The server is busy; retry shortly");
        }
    }

    /** Success and errors with a ref are {@code 200}; an unreadable message is {@code 400}; no reply is 204. */
    private void reply(Conversation.Reply reply) {
        if (!answered.compareAndSet(false, true)) {
            return;
        }
        try {
            if (reply.frame() == null) {
                response.setStatus(204);
            } else {
                byte[] bytes = reply.frame().getBytes(StandardCharsets.UTF_8);
                response.setStatus(reply.error() && reply.ref() == null ? 400 : 200);
                response.setContentType("application/json");
                response.setHeader("Cache-Control", "no-store");
                response.setContentLength(bytes.length);
                response.getOutputStream().write(bytes);
            }
        } catch (IOException | IllegalStateException gone) {
            // The client left before its reply.
        } finally {
            complete();
        }
    }

    private void fail(int status, String code, String message) {
        if (answered.compareAndSet(false, true)) {
            HttpErrors.send(response, status, code, message);
            complete();
        }
    }

    /** Sets what ends the exchange's hold on the client's session; runs it at once if the exchange is over. */
    void release(Runnable value) {
        release = value;
        if (completed.get()) {
            value.run();
        }
    }

    /** The client's cookie session ended while the message was in progress. */
    void sessionEnded() {
        fail(401, "session_ended", "The HTTP session has ended");
    }

    private void complete() {
        try {
            async.complete();
        } catch (IllegalStateException alreadyComplete) {
            // Completed by the container after a timeout or an error.
        }
        finished();
    }

    private void finished() {
        completed.set(true);
        Runnable r = release;
        if (r != null) {
            r.run();
        }
    }

    @Override
    public void onError(Throwable failure) {
        fail(400, "bad_request", "The message could not be read");
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        fail(504, "timeout", "The reply did not come in time");
    }

    @Override
    public void onError(AsyncEvent event) {
        answered.set(true);
        finished();
    }

    @Override
    public void onComplete(AsyncEvent event) {
        answered.set(true);
        finished();
    }

    @Override
    public void onStartAsync(AsyncEvent event) {}
}
