package io.realtime.internal.http;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * Reads a request body without blocking (Servlet 6.0 §5.3), keeping its first {@code keep} bytes and discarding
 * the rest, up to {@code bound} bytes, then tells its {@link Listener}.
 *
 * <p>Why it reads what it does not keep: a client that is refused is usually still sending, and a container that
 * ends a connection with unread bytes makes TCP reset it; the reset can destroy the answer before the client has
 * read it, so that a browser sees a network error instead of the error body. Read to its end, the body leaves the
 * connection clean and reusable. A body past {@code bound} is answered at once with {@code Connection: close}, and
 * read on and discarded for at most {@link #SLACK} more bytes while the answer travels (HTTP/1.1 lets a client
 * watch for an answer while it sends, RFC 9112 §9.3), so that no client makes the server read without end
 * (docs/protocol.md, "Upstream").
 *
 * <p>Threading: the container calls it one callback at a time; the listener is called on the container's thread.
 * Memory: a read buffer of 8 KiB and at most {@code keep} bytes.
 */
public final class RequestBody implements ReadListener {

    /**
     * How many bytes past what it needs the server reads and discards: past the message size limit before it answers
     * a refusal ({@link Refusals}), and after an answer that comes before the end of the body.
     */
    public static final long SLACK = 1 << 20;

    /** How reading goes: {@link #read} or {@link #failed} once, or {@link #overflowed} then a last call. */
    public interface Listener {

        /**
         * The body was read to its end, within the bound.
         *
         * @param kept the first bytes of the body, at most {@code keep}
         * @param length how many bytes the body had
         */
        void read(byte[] kept, long length);

        /**
         * The body went past the bound: answer now, with {@code Connection: close}. Reading goes on, and
         * {@link #finished()} or {@link #failed} follows.
         */
        void overflowed();

        /** After {@link #overflowed()}: reading stopped, at the end of the body or after {@link #SLACK} bytes. */
        void finished();

        /**
         * Reading failed: the client has gone, or the body was malformed (a broken chunk).
         *
         * @param failure what the container reported
         */
        void failed(Throwable failure);
    }

    private final ServletInputStream in;
    private final int keep;
    private final long bound;
    private final Listener listener;
    private final byte[] buffer = new byte[8192];
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private long length;
    private boolean overflowed;
    private boolean done;

    /**
     * @param in the request's input stream, in an asynchronous request; {@link #start()} sets this as its listener
     * @param keep how many bytes to keep
     * @param bound how many bytes to read before an answer, at least {@code keep}
     * @param listener told how it goes
     */
    public RequestBody(ServletInputStream in, int keep, long bound, Listener listener) {
        this.in = in;
        this.keep = keep;
        this.bound = Math.max(bound, keep);
        this.listener = listener;
    }

    /**
     * The media type of a request body, without parameters, in lower case: what a {@code POST} message is checked
     * against.
     *
     * @param contentType the {@code Content-Type} header, or {@code null}
     * @return such as {@code application/json}; empty when there is none
     */
    public static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
                .trim()
                .toLowerCase(java.util.Locale.ROOT);
    }

    /** Starts reading: the container calls back when data comes, on its own threads. */
    public void start() {
        in.setReadListener(this);
    }

    @Override
    public void onDataAvailable() throws IOException {
        while (!done && in.isReady()) {
            int n = in.read(buffer);
            if (n < 0) {
                return; // onAllDataRead follows
            }
            if (length < keep) {
                kept.write(buffer, 0, (int) Math.min(n, keep - length));
            }
            length += n;
            if (!overflowed && length > bound) {
                overflowed = true;
                listener.overflowed();
            }
            if (overflowed && length > bound + SLACK) {
                done = true; // and no more isReady(), so the container calls back no more
                listener.finished();
            }
        }
    }

    @Override
    public void onAllDataRead() {
        if (done) {
            return;
        }
        done = true;
        if (overflowed) {
            listener.finished();
        } else {
            listener.read(kept.toByteArray(), length);
        }
    }

    @Override
    public void onError(Throwable failure) {
        if (!done) {
            done = true;
            listener.failed(failure);
        }
    }
}
