package io.realtime.internal.sse;

import io.realtime.internal.outbound.Closing;
import io.realtime.internal.outbound.Connections;
import io.realtime.internal.outbound.Message;
import io.realtime.internal.outbound.Outbound;
import io.realtime.internal.topic.LogEvent;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.Executor;

/**
 * One Server-Sent Events response, written with servlet non-blocking I/O (Servlet 6.0 §5.3): the writer
 * checks {@code isReady()} before every write, and the container's {@code onWritePossible} signals it back.
 * No thread waits on a slow client.
 */
final class SseConnection extends Outbound implements WriteListener, AsyncListener {

    private final AsyncContext async;
    private final HttpServletResponse response;
    private final long retryMillis;
    private ServletOutputStream out;

    SseConnection(Executor writer, Connections registry, int capacity, AsyncContext async, long retryMillis) {
        super(writer, registry, capacity);
        this.async = async;
        this.response = (HttpServletResponse) async.getResponse();
        this.retryMillis = retryMillis;
    }

    @Override
    protected void openTransport() {
        response.setStatus(200);
        // One string, as docs/protocol.md spells it: Jetty writes the charset in lower case whatever it is given,
        // Tomcat as given, so the runtime gives it in lower case (docs/containers.md).
        response.setContentType("text/event-stream;charset=utf-8");
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("X-Accel-Buffering", "no"); // nginx: do not buffer the stream
        try {
            out = response.getOutputStream();
            out.setWriteListener(this);
        } catch (IOException | IllegalStateException e) {
            peerGone();
        }
    }

    @Override
    protected boolean ready() {
        return out.isReady();
    }

    @Override
    protected void writePreamble() throws IOException {
        out.write(SseFormat.preamble(retryMillis));
    }

    @Override
    protected void writeEvent(LogEvent event) throws IOException {
        out.write(event.sse(SseFormat::event));
    }

    @Override
    protected void writeMessage(Message message) throws IOException {
        out.write(SseFormat.message(message));
    }

    @Override
    protected void writeReset(String cursor) throws IOException {
        out.write(SseFormat.reset(cursor));
    }

    @Override
    protected void writeHeartbeat() throws IOException {
        out.write(SseFormat.HEARTBEAT);
    }

    @Override
    protected void writeFinal(Closing closing) throws IOException {
        switch (closing.kind()) {
            case END -> out.write(SseFormat.END);
            case RECONNECT -> out.write(SseFormat.reconnect(retryMillis));
            case REVOKED -> out.write(SseFormat.SESSION_ENDED);
            default -> {}
        }
    }

    @Override
    protected void flush() throws IOException {
        out.flush();
    }

    @Override
    protected void closeTransport(Closing closing) {
        try {
            async.complete();
        } catch (IllegalStateException alreadyComplete) {
            // The container completed it first: the peer went.
        }
    }

    @Override
    public void onWritePossible() {
        signal();
    }

    @Override
    public void onError(Throwable failure) {
        peerGone();
    }

    @Override
    public void onComplete(AsyncEvent event) {
        peerGone();
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        peerGone();
    }

    @Override
    public void onError(AsyncEvent event) {
        peerGone();
    }

    @Override
    public void onStartAsync(AsyncEvent event) {}
}
