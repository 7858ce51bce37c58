package io.realtime.bench.server.naive;

import io.realtime.bench.server.Rooms;
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
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Server-Sent Events with an async servlet and non-blocking writes, broadcasting to the set of open streams of a
 * topic on the publishing thread.
 */
final class NaiveStreams extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient Map<String, Set<Stream>> topics = new ConcurrentHashMap<>();

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/event-stream");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-cache");
        AsyncContext async = request.startAsync();
        async.setTimeout(0);
        Stream stream = new Stream(streams(Rooms.of(request.getPathInfo())), async, response.getOutputStream());
        async.addListener(stream);
        stream.streams.add(stream);
        stream.out.setWriteListener(stream);
    }

    void broadcast(String topic, String json) {
        byte[] frame = ("data: " + json + "\n\n").getBytes(StandardCharsets.UTF_8);
        for (Stream stream : streams(topic)) {
            stream.offer(frame);
        }
    }

    int size() {
        return topics.values().stream().mapToInt(Set::size).sum();
    }

    private Set<Stream> streams(String topic) {
        return topics.computeIfAbsent(topic, name -> ConcurrentHashMap.newKeySet());
    }

    /** One stream: frames wait in a bounded queue and are written whenever the connection can take them. */
    private static final class Stream implements WriteListener, AsyncListener {
        private final Set<Stream> streams;
        private final AsyncContext async;
        private final ServletOutputStream out;
        private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
        private boolean blocked = true; // until the container first calls onWritePossible
        private boolean unflushed = true; // the headers go out with the first flush
        private boolean closed;

        Stream(Set<Stream> streams, AsyncContext async, ServletOutputStream out) {
            this.streams = streams;
            this.async = async;
            this.out = out;
        }

        synchronized void offer(byte[] frame) {
            if (closed) {
                return;
            }
            if (queue.size() >= NaiveVariant.QUEUE_LIMIT) {
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
                gone(); // the container completes a request whose client has gone
            }
        }

        @Override
        public void onError(Throwable failure) {
            gone();
        }

        @Override
        public void onComplete(AsyncEvent event) {
            gone();
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            close();
        }

        @Override
        public void onError(AsyncEvent event) {
            gone();
        }

        @Override
        public void onStartAsync(AsyncEvent event) {}

        // A stream too far behind: ended here. One whose client has gone is left to the container, which completes
        // it and on Tomcat reuses the request's objects: completing it again could end another client's stream.
        private synchronized void close() {
            if (!closed) {
                gone();
                try {
                    async.complete();
                } catch (IllegalStateException e) {
                    // completed by the container meanwhile
                }
            }
        }

        private synchronized void gone() {
            closed = true;
            queue.clear();
            streams.remove(this);
        }
    }
}
