package io.realtime.internal.sse;

import io.realtime.internal.Transport;
import io.realtime.internal.outbound.Closing;
import io.realtime.internal.outbound.Message;
import io.realtime.internal.outbound.Outbound;
import io.realtime.internal.outbound.OutboundServices;
import io.realtime.internal.topic.LogEvent;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * One Server-Sent Events response, written with servlet non-blocking I/O (Servlet 6.0 §5.3). The frames of a
 * drain are gathered in an {@link SseBatch} and reach the container as one write of up to about 64 KiB, followed
 * by one flush; {@code isReady()} is asked before that write and before the flush, not per event, and when it
 * says no the container's {@code onWritePossible} goes on writing on the container's thread (or, if the writer is
 * running, makes it go round once more). No thread waits on a slow client. The first {@code onWritePossible},
 * which may run inside {@code setWriteListener}, writes nothing: the connection is not started until the opening
 * returns.
 *
 * <p>The writer and the container's threads share the response under one lock, and nothing touches it once it
 * is completed: a container that recycles a completed request for the next connection (Tomcat does) would
 * otherwise receive a write still running on the writer thread when a container thread completed the request
 * because the client left, and the next client's response would fail instead.
 *
 * <p>The lock is never held across {@code setWriteListener} (issue 16): on Tomcat, called off the request's own
 * thread (a shared stream opened by a control request, a duplex stream opened on a worker), it takes the socket's
 * lock to run the first {@code onWritePossible}, and a container thread holding that lock may be calling
 * {@code onError} or {@code onComplete} here, which takes this lock to complete the response. A completion that
 * arrives while the listener is being set is left to the opening thread, which completes the response when its
 * call returns. The other calls made under the lock (write, flush, isReady, complete) take no container lock
 * that a thread calling back into this class holds.
 */
final class SseConnection extends Outbound implements WriteListener, AsyncListener {

    /** The response buffer: a batch larger than it is written through, so it rarely holds more than a tail. */
    static final int BUFFER_BYTES = 4096;

    private final AsyncContext async;
    private final HttpServletResponse response;
    private final long retryMillis;
    private final String shared; // the name of a shared connection, announced after the preamble; null otherwise
    private final Object lock = new Object(); // guards out, completed and the two below; see the class comment
    private ServletOutputStream out;
    private boolean completed;
    private boolean settingListener; // the opening thread is inside setWriteListener, without the lock
    private boolean completionDeferred; // the response was to be completed meanwhile; the opening thread does it
    // Confined to the writer: the batch lent for this drain, or null, and whether the container said it was
    // ready and has been given nothing since, so that gathering more frames needs no new isReady().
    private SseBatch batch;
    private boolean readySaid;
    private boolean finalGathered; // the batch holds the final frame
    private boolean finalWritten; // the final frame was handed to the container; guarded by the lock

    /**
     * @param endpoint the path template of the endpoint it serves, or of the shared connections', for metrics
     * @param shared the name of the shared connection this stream carries, or {@code null} for an endpoint's own
     */
    SseConnection(OutboundServices services, String endpoint, AsyncContext async, long retryMillis, String shared) {
        super(services, Transport.SSE, endpoint);
        this.async = async;
        this.response = (HttpServletResponse) async.getResponse();
        this.retryMillis = retryMillis;
        this.shared = shared;
    }

    @Override
    protected void openTransport() {
        ServletOutputStream opened;
        synchronized (lock) {
            if (completed) {
                return;
            }
            response.setStatus(200);
            // Every batch is flushed, so a large response buffer buys nothing; Jetty keeps the buffer of each
            // stream that has written once (32 KiB of direct memory by default) for as long as the stream lasts.
            response.setBufferSize(BUFFER_BYTES);
            // One string, as docs/protocol.md spells it: Jetty writes the charset in lower case whatever it is
            // given, Tomcat as given, so the runtime gives it in lower case (docs/containers.md).
            response.setContentType("text/event-stream;charset=utf-8");
            response.setHeader("Cache-Control", "no-cache");
            response.setHeader("X-Accel-Buffering", "no"); // nginx: do not buffer the stream
            try {
                out = response.getOutputStream();
            } catch (IOException | IllegalStateException e) {
                peerGone();
                return;
            }
            opened = out;
            settingListener = true;
        }
        boolean failed = false;
        try {
            opened.setWriteListener(this); // without the lock; see the class comment
        } catch (IllegalStateException e) {
            failed = true;
        }
        synchronized (lock) {
            settingListener = false;
            if (completionDeferred) {
                completed = true;
                completeAsync();
            }
        }
        if (failed) {
            peerGone();
        }
    }

    /**
     * Ready while the batch has room and the container said it was ready; a full batch is handed to the
     * container first, and then the container is asked again.
     */
    @Override
    protected boolean ready() throws IOException {
        synchronized (lock) {
            if (completed) {
                return false;
            }
            if (readySaid && (batch == null || !batch.isFull())) {
                return true;
            }
            try {
                writeBatch();
                readySaid = out.isReady();
            } catch (IllegalStateException recycled) {
                throw gone(recycled);
            }
            return readySaid;
        }
    }

    @Override
    protected void writePreamble() throws IOException {
        // One write: an asynchronous response takes no second write before isReady() says so.
        write(shared == null ? SseFormat.preamble(retryMillis) : SseFormat.preamble(retryMillis, shared));
    }

    @Override
    protected void writeEvent(String sub, LogEvent event) throws IOException {
        write(SseFormat.event(sub, event));
    }

    @Override
    protected void writeMessage(Message message) throws IOException {
        write(SseFormat.message(message));
    }

    @Override
    protected void writeReset(String sub, String cursor) throws IOException {
        write(SseFormat.reset(sub, cursor));
    }

    @Override
    protected void writeStart(String cursor) throws IOException {
        write(SseFormat.start(cursor));
    }

    @Override
    protected void writeHeartbeat() throws IOException {
        write(SseFormat.HEARTBEAT);
    }

    @Override
    protected void writeFinal(Closing closing) throws IOException {
        switch (closing.kind()) {
            case END -> write(SseFormat.END);
            case RECONNECT -> write(SseFormat.reconnect(retryMillis));
            case REVOKED -> write(SseFormat.SESSION_ENDED);
            default -> {
                return;
            }
        }
        finalGathered = true;
    }

    /** Writes the batch, then flushes when the container is ready to; if it is not, it signals when it is. */
    @Override
    protected boolean flush() throws IOException {
        synchronized (lock) {
            if (completed) {
                throw new IOException("The response is complete");
            }
            try {
                writeBatch();
                if (!readySaid) {
                    readySaid = out.isReady();
                    if (!readySaid) {
                        return false;
                    }
                }
                out.flush();
            } catch (IllegalStateException recycled) {
                throw gone(recycled);
            }
            readySaid = false;
            return true;
        }
    }

    /**
     * The container ended the response without telling this class first: Tomcat, when a connection breaks in some
     * ways (seen by the dozen when many clients leave at once, issue 23), recycles the request and its stream
     * answers {@code IllegalStateException}. That is the peer gone, not a failure of the runtime: the response is
     * marked complete, so nothing touches it again, and the writer closes the connection quietly. Holds the lock.
     */
    private IOException gone(IllegalStateException recycled) {
        completed = true;
        return new IOException("The container has ended the response", recycled);
    }

    @Override
    protected void closeTransport(Closing closing) {
        synchronized (lock) {
            if (completed) {
                return;
            }
            if (settingListener) {
                completionDeferred = true; // the opening thread completes it; see the class comment
                return;
            }
            completed = true;
            completeAsync();
        }
    }

    /** Holds the lock. */
    private void completeAsync() {
        try {
            async.complete();
        } catch (IllegalStateException alreadyComplete) {
            // The container completed it first: the peer went.
        }
    }

    /** Gathers a frame; the writer asked {@link #ready} first. */
    private void write(byte[] frame) {
        if (batch == null) {
            batch = SseBatch.lend();
        }
        batch.append(frame);
    }

    /** Hands the gathered frames to the container, which said it was ready. Holds the lock. */
    private void writeBatch() throws IOException {
        SseBatch gathered = batch;
        if (gathered == null) {
            return;
        }
        batch = null;
        try {
            out.write(gathered.array(), 0, gathered.size());
            finalWritten = finalGathered;
        } finally {
            gathered.clear();
        }
        readySaid = false;
    }

    /**
     * The container can take more: the writer goes on here, on the container's thread, unless it is running, rather
     * than being handed to the writer executor (as a WebSocket's send completion does).
     */
    @Override
    public void onWritePossible() {
        continueHere();
    }

    @Override
    public void onError(Throwable failure) {
        peerGone();
    }

    @Override
    public void onComplete(AsyncEvent event) {
        peerGone();
    }

    /**
     * The stream has no timeout, so a container calls this only when it ends the stream because the application
     * stops: Tomcat, once a context is no longer available, times out every request of it in async mode that has
     * none, on its own timer and possibly before the runtime's goodbye (docs/containers.md). The client hears that
     * goodbye here instead, on the container's thread, which may write and complete the response now: the final
     * {@code reconnect} event, after whole frames only, if the container is ready for it and the writer has not
     * handed it a final frame already. What the writer had gathered and not yet written is left out, and the
     * client resumes from the last event it received.
     */
    @Override
    public void onTimeout(AsyncEvent event) {
        synchronized (lock) {
            if (!completed && !settingListener && out != null) {
                try {
                    if (!finalWritten && (readySaid || out.isReady())) {
                        out.write(SseFormat.reconnect(retryMillis));
                        if (out.isReady()) {
                            out.flush();
                        }
                    }
                } catch (IOException | IllegalStateException gone) {
                    // The client went first: it reconnects without being told.
                }
                completed = true;
                completeAsync();
            }
        }
        closeNow(Closing.SHUTDOWN);
    }

    @Override
    public void onError(AsyncEvent event) {
        peerGone();
    }

    @Override
    public void onStartAsync(AsyncEvent event) {}
}
