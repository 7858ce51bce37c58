package io.realtime.conformance;

import io.realtime.testing.ContainerServer;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * A hostile client's flood: {@code count} steps spread over a few kept-alive HTTP/1.1 connections, each with a
 * thread of its own, every answer counted by its status. Written on sockets rather than with the JDK's client,
 * whose per-request cost would make the client, not the server, the bottleneck of 200,000 requests on a small
 * machine. Requests are sent one after the other on each connection (no pipelining), as a browser would.
 */
final class Flood {

    /** One step of the flood, given its index and a connection of its own. */
    @FunctionalInterface
    interface Step {
        void run(Connection connection, int index) throws IOException;
    }

    /**
     * An answer.
     *
     * @param status the status code
     * @param headers header names in lower case, the last value of each
     * @param body the body, decoded as UTF-8
     */
    record Answer(int status, Map<String, String> headers, String body) {}

    /**
     * What a flood was answered.
     *
     * @param statuses how many answers came with each status
     * @param elapsed how long it took
     */
    record Summary(Map<Integer, Long> statuses, Duration elapsed) {

        long answered() {
            return statuses.values().stream().mapToLong(Long::longValue).sum();
        }

        long count(int status) {
            return statuses.getOrDefault(status, 0L);
        }

        @Override
        public String toString() {
            return answered() + " requests answered in " + elapsed.toMillis() + " ms (" + count(429) + " refused 429, "
                    + count(503) + " refused 503; by status " + statuses + ")";
        }
    }

    private Flood() {}

    /**
     * Runs {@code count} steps over {@code connections} connections and waits for all of them.
     *
     * @throws AssertionError if a step failed; the flood stops at the first failure
     */
    static Summary run(ContainerServer server, int count, int connections, Step step) {
        ConcurrentMap<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
        AtomicInteger next = new AtomicInteger();
        List<Throwable> failures = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        long started = System.nanoTime();
        for (int t = 0; t < connections; t++) {
            Thread thread = new Thread(
                    () -> {
                        try (Connection connection = new Connection(server, statuses)) {
                            for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                                step.run(connection, i);
                            }
                        } catch (IOException | RuntimeException | AssertionError e) {
                            next.set(count);
                            synchronized (failures) {
                                failures.add(e);
                            }
                        }
                    },
                    "flood-" + t);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted", e);
            }
        }
        if (!failures.isEmpty()) {
            AssertionError failed = new AssertionError("The flood failed", failures.get(0));
            failures.stream().skip(1).forEach(failed::addSuppressed);
            throw failed;
        }
        Map<Integer, Long> counted = new TreeMap<>();
        statuses.forEach((status, n) -> counted.put(status, n.sum()));
        return new Summary(counted, Duration.ofNanos(System.nanoTime() - started));
    }

    /** One kept-alive connection, opened again whenever the server ends it. Used by one thread. */
    static final class Connection implements AutoCloseable {
        private final ContainerServer server;
        private final ConcurrentMap<Integer, LongAdder> statuses;
        private Socket socket;
        private InputStream in;
        private OutputStream out;

        private Connection(ContainerServer server, ConcurrentMap<Integer, LongAdder> statuses) {
            this.server = server;
            this.statuses = statuses;
        }

        /**
         * Sends a request and reads its answer, which is counted.
         *
         * @param method {@code GET} or {@code POST}
         * @param path the context-relative path and query
         * @param body the body, {@code null} for none
         * @param headers header lines such as {@code X-Forwarded-For: 192.0.2.1}
         */
        Answer send(String method, String path, String body, String... headers) throws IOException {
            write(method, path, body, headers);
            Answer answer = read(true);
            count(answer);
            if ("close".equalsIgnoreCase(answer.headers().get("connection"))) {
                close();
            }
            return answer;
        }

        /**
         * Sends a {@code GET}, reads the status and headers alone, and closes the connection: one attempt of a
         * client that reconnects, whose stream or WebSocket, once opened, it drops at once.
         *
         * @param path the context-relative path and query
         * @param headers header lines
         * @return the answer, with an empty body
         */
        Answer open(String path, String... headers) throws IOException {
            try {
                write("GET", path, null, headers);
                Answer answer = read(false);
                count(answer);
                return answer;
            } finally {
                close();
            }
        }

        private void write(String method, String path, String body, String... headers) throws IOException {
            byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            StringBuilder head = new StringBuilder()
                    .append(method)
                    .append(' ')
                    .append(server.uri().getRawPath().replaceAll("/$", ""))
                    .append(path)
                    .append(" HTTP/1.1\r\nHost: ")
                    .append(server.uri().getAuthority())
                    .append("\r\n");
            for (String header : headers) {
                head.append(header).append("\r\n");
            }
            if (body != null) {
                head.append("Content-Length: ").append(content.length).append("\r\n");
            }
            head.append("\r\n");
            if (socket == null) {
                socket = new Socket("127.0.0.1", server.uri().getPort());
                socket.setSoTimeout(30_000);
                socket.setTcpNoDelay(true);
                in = new BufferedInputStream(socket.getInputStream());
                out = socket.getOutputStream();
            }
            byte[] request = head.toString().getBytes(StandardCharsets.US_ASCII);
            byte[] whole = new byte[request.length + content.length];
            System.arraycopy(request, 0, whole, 0, request.length);
            System.arraycopy(content, 0, whole, request.length, content.length);
            out.write(whole); // one write: a request split over two segments costs a delayed ACK on loopback
            out.flush();
        }

        private void count(Answer answer) {
            statuses.computeIfAbsent(answer.status(), s -> new LongAdder()).increment();
        }

        private Answer read(boolean withBody) throws IOException {
            String status = line();
            Map<String, String> headers = new TreeMap<>();
            for (String header = line(); !header.isEmpty(); header = line()) {
                int colon = header.indexOf(':');
                headers.put(
                        header.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        header.substring(colon + 1).trim());
            }
            int code = Integer.parseInt(status.split(" ")[1]);
            byte[] body;
            if (!withBody || code == 204 || code == 304 || code < 200) {
                body = new byte[0];
            } else if (headers.containsKey("content-length")) {
                body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
            } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                body = chunked();
            } else {
                body = in.readAllBytes();
                headers.put("connection", "close");
            }
            return new Answer(code, headers, new String(body, StandardCharsets.UTF_8));
        }

        private String line() throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new IOException("The server ended the connection in the middle of an answer");
                }
                if (b != '\r') {
                    bytes.write(b);
                }
            }
            return bytes.toString(StandardCharsets.ISO_8859_1);
        }

        private byte[] chunked() throws IOException {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            for (int size = Integer.parseInt(line().split(";")[0].trim(), 16);
                    size > 0;
                    size = Integer.parseInt(line().split(";")[0].trim(), 16)) {
                body.write(in.readNBytes(size));
                line();
            }
            while (!line().isEmpty()) {
                // trailers
            }
            return body.toByteArray();
        }

        @Override
        public void close() {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } finally {
                    socket = null;
                }
            }
        }
    }
}
