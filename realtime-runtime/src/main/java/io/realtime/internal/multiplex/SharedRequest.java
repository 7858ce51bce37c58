package io.realtime.internal.multiplex;

import io.realtime.internal.Failure;
import io.realtime.internal.http.BodyExchange;
import io.realtime.internal.metrics.Metrics;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import java.nio.charset.StandardCharsets;

/**
 * The body of one {@code POST /realtime/mux}, read up to the size limit ({@link BodyExchange}), then handed over: to
 * the stream or poll it opens, which answer it from then on, or to a change of subscriptions, answered here. A body
 * over the limit is answered {@code 413} as a {@code POST} message's is (docs/protocol.md, "Upstream").
 */
final class SharedRequest extends BodyExchange {

    /** What the request does once its body is read; it answers through the request, or takes the response over. */
    interface Handler {
        void handle(String body, SharedRequest answer);
    }

    private final Handler handler;

    SharedRequest(AsyncContext async, int limit, Metrics metrics, Handler handler) {
        super(
                async,
                limit,
                new Failure(413, "too_large", "A request may have at most " + limit + " bytes"),
                new Failure(400, "bad_request", "The request body could not be read"),
                metrics);
        this.handler = handler;
    }

    @Override
    protected void body(byte[] body) {
        handler.handle(new String(body, StandardCharsets.UTF_8), this);
    }

    /** The change was applied: {@code 204}, the answers come on the stream. */
    void applied() {
        if (answer()) {
            response.setStatus(204);
            response.setHeader("Cache-Control", "no-store");
            complete();
        }
    }

    /** Only a change of subscriptions has a timeout: its body did not arrive in time. */
    @Override
    public void onTimeout(AsyncEvent event) {
        if (answer()) {
            sendClosing(new Failure(504, "timeout", "The request body did not arrive in time"));
        }
        complete();
    }
}
