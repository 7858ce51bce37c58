package io.realtime.internal.uplink;

import io.realtime.internal.Failure;
import io.realtime.internal.duplex.Conversation;
import io.realtime.internal.duplex.Frames;
import io.realtime.internal.http.BodyExchange;
import io.realtime.internal.identity.Tab;
import io.realtime.internal.metrics.Metrics;
import io.realtime.internal.outbound.Reply;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One uplink {@code POST}: the body is read up to the size limit ({@link BodyExchange}), the message is handled on a
 * worker, and the reply becomes the response, which is answered exactly once. A body over the limit is read on and
 * discarded before its {@code 413} (one far beyond is answered at once, with {@code Connection: close}), and so is
 * the rest of a body whose cookie session ended meanwhile, so that the client hears the answer (docs/protocol.md,
 * "Upstream").
 */
final class UplinkExchange extends BodyExchange {

    private final Executor workers;
    private final Conversation conversation;
    private final Map<String, String> path;
    private final Tab tab;
    private final AtomicReference<Failure> refused = new AtomicReference<>();
    private volatile boolean bodyRead;
    private volatile boolean overflowed;
    private final AtomicBoolean completed = new AtomicBoolean();
    private volatile Runnable release;

    UplinkExchange(
            Executor workers,
            Conversation conversation,
            Map<String, String> path,
            Tab tab,
            AsyncContext async,
            int limit,
            Metrics metrics) {
        super(
                async,
                limit,
                Uplink.tooLarge(limit),
                new Failure(400, "bad_request", "The message could not be read"),
                metrics);
        this.workers = workers;
        this.conversation = conversation;
        this.path = path;
        this.tab = tab;
    }

    @Override
    protected void body(byte[] bytes) {
        bodyRead = true;
        Failure ended = refused.get();
        if (ended != null) {
            fail(ended);
            return;
        }
        try {
            workers.execute(() -> {
                if (conversation.mode() == Conversation.Mode.BINARY) {
                    conversation.binary(bytes, path, tab, this::reply);
                } else {
                    conversation.text(new String(bytes, StandardCharsets.UTF_8), path, tab, this::reply);
                }
            });
        } catch (RejectedExecutionException saturated) {
            response.setHeader("Retry-After", "1");
            fail(new Failure(503, "overloaded", "The server is busy; retry shortly"));
        }
    }

    /** A body far beyond the limit: answered now; the rest is discarded a while, then the exchange completes. */
    @Override
    public void overflowed() {
        overflowed = true;
        super.overflowed();
    }

    /**
     * Success and errors with a ref are {@code 200}; an error without one is the whole answer, so it carries the
     * failure's own status ({@code 400} for an unreadable message), with {@code Retry-After} when the client may
     * come back; no reply is {@code 204}.
     */
    private void reply(Reply reply) {
        if (!answer()) {
            return;
        }
        try {
            if (reply == null) {
                response.setStatus(204);
                response.flushBuffer(); // committed before the completion, for GlassFish (see HttpReply)
            } else {
                byte[] bytes = Frames.reply(reply).getBytes(StandardCharsets.UTF_8);
                int status = reply instanceof Reply.Error error && error.ref() == null ? error.status() : 200;
                if (status == 503 || status == 429) {
                    response.setHeader("Retry-After", "1");
                }
                response.setStatus(status);
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

    /** Sets what ends the exchange's hold on the client's tab and cookie session; runs it at once if the exchange is over. */
    void release(Runnable value) {
        release = value;
        if (completed.get()) {
            value.run();
        }
    }

    /**
     * The client's cookie session ended while the message was in progress: answered at once, or once the body has
     * been read (it is then discarded).
     */
    void sessionEnded() {
        Failure ended = new Failure(401, "session_ended", "The HTTP session has ended");
        refused.compareAndSet(null, ended);
        if (bodyRead) {
            fail(ended);
        }
    }

    @Override
    protected void over() {
        completed.set(true);
        Runnable r = release;
        if (r != null) {
            r.run();
        }
    }

    /**
     * The reply did not come in time, or the body stopped arriving (then the connection ends with the answer, as
     * the rest of the body stays unread; the answer is the session's end if that came meanwhile).
     */
    @Override
    public void onTimeout(AsyncEvent event) {
        if (answer()) {
            if (bodyRead) {
                send(new Failure(504, "timeout", "The reply did not come in time"));
            } else {
                Failure ended = refused.get();
                sendClosing(ended != null ? ended : new Failure(504, "timeout", "The message did not arrive in time"));
            }
            complete();
        } else if (overflowed) {
            complete(); // answered, and the rest of the body stopped coming
        }
    }
}
