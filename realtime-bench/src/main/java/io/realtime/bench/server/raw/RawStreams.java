package io.realtime.bench.server.raw;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Server-Sent Events with an async servlet and non-blocking writes, broadcasting to the set of open streams. */
final class RawStreams extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient Set<Stream> streams = ConcurrentHashMap.newKeySet();

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/event-stream");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-cache");
        AsyncContext async = request.startAsync();
        async.setTimeout(0);
        Stream stream = new Stream(async, response.getOutputStream());
        async.addListener(stream);
        streams.add(stream);
        stream.out.setWriteListener(stream);
    }

    void broadcast(String json) {
        byte[] frame = ("data: " + json + "\n\n").getBytes(StandardCharsets.UTF_8);
        for (Stream stream : streams) {
            stream.offer(frame);
        }
    }

    int size() {
        return streams.size();
    }

    /** One stream: frames wait in a bounded queue and are written whenever the connection can take them. */
    private final class Stream implements WriteListener, AsyncListener {
        private final AsyncContext async;
        private final ServletOutputStream out;
        private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
        private boolean blocked = true; // until the container first calls onWritePossible
        private boolean unflushed = true; // the headers go out with the first flush
        private boolean closed;

        Stream(AsyncContext async, ServletOutputStream out) {
            this.async = async;
            this.out = out;
        }

        synchronized void offer(byte[] frame) {
            if (closed) {
                return;
            }
            if (queue.size() >= RawVariant.QUEUE_LIMIT) {
                close();
                return;
            }
            queue.add(frame);
            if (!blocked) {
                write();
            }
        }

        @Override
        public synchronized void onWritePossible() {
            blocked = false;
            write();
        }

        // Writes what is queued while the container accepts it, then flushes; isReady() == false means the
        // container calls onWritePossible once it can take more.
        private void write() {
            try {
                while (!closed) {
                    if (!out.isReady()) {
                        blocked = true;
                        return;
                    }
                    byte[] frame = queue.poll();
                    if (frame != null) {
                        out.write(frame);
                        unflushed = true;
                    } else if (unflushed) {
                        unflushed = false;
                        out.flush();
                    } else {
                        return;
                    }
                }
            } catch (IOException | IllegalStateException e) {
                close();
            }
        }

        @Override
        public void onError(Throwable failure) {
            close();
        }

        @Override
        public void onComplete(AsyncEvent event) {
            streams.remove(this);
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            close();
        }

        @Override
        public void onError(AsyncEvent event) {
            close();
        }

        @Override
        public void onStartAsync(AsyncEvent event) {}

        private synchronized void close() {
            if (!closed) {
                closed = true;
                queue.clear();
                streams.remove(this);
                async.complete();
            }
        }
    }
}
