package io.realtime.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The three carriers of a {@link SharedRecorder}'s connection: each opens with the whole set, applies changes its
 * transport's way, and hands every frame over in the protocol's JSON form (docs/protocol.md, "Shared connections").
 */
final class SharedCarriers {

    /** What stops a poll loop or a stream reader. */
    private static final String CLOSED = "closed";

    private SharedCarriers() {}

    /** One open connection. */
    interface Connection {
        /** Applies a control frame while open. */
        void change(ObjectNode control);

        /** Sends a message to a {@code @Duplex} subscription; its reply arrives as a frame. */
        void send(String sub, String path, long ref, String data);

        /** @return the connection's name or poll cursor, or {@code null} */
        String name();

        void close();
    }

    static Connection open(
            HttpClient client,
            URI root,
            SharedRecorder.Carrier carrier,
            Map<String, String> headers,
            Supplier<ObjectNode> set,
            Consumer<Object> received) {
        return switch (carrier) {
            case WEBSOCKET -> Socket.open(client, root, headers, set.get(), received);
            case SSE -> new Stream(client, root, headers, set.get(), received);
            case POLL -> new Polls(client, root, headers, set, received);
        };
    }

    private static ObjectNode whole(ObjectNode set) {
        ObjectNode control = SharedRecorder.JSON.createObjectNode();
        control.set("subscriptions", set);
        return control;
    }

    private static HttpRequest.Builder post(URI uri, Map<String, String> headers, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .header("Realtime-Uplink", "1")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return request;
    }

    /** The uplink of a message over HTTP (docs/protocol.md, "Upstream"): its reply becomes a frame. */
    private static void uplink(
            HttpClient client,
            URI root,
            Map<String, String> headers,
            String sub,
            String path,
            long ref,
            String data,
            Consumer<Object> received) {
        String envelope = "{\"ref\":" + ref + ",\"data\":" + data + '}';
        HttpRequest request = post(URI.create(root + path), headers, envelope).build();
        client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenAccept(response -> {
            if (response.statusCode() == 200) {
                received.accept(frame(response.body(), sub));
            } else {
                received.accept("uplink answered " + response.statusCode() + ' ' + response.body());
            }
        });
    }

    /** Reads a frame, adding its subscription when the transport carries it apart. */
    private static SharedRecorder.Frame frame(String json, String sub) {
        try {
            ObjectNode frame = (ObjectNode) SharedRecorder.JSON.readTree(json);
            if (sub != null && !frame.has("sub")) {
                ObjectNode tagged = SharedRecorder.JSON.createObjectNode().put("sub", sub);
                tagged.setAll(frame);
                frame = tagged;
            }
            return SharedRecorder.Frame.of(frame);
        } catch (IOException | ClassCastException e) {
            throw new AssertionError("Not a JSON frame: " + json, e);
        }
    }

    /** A WebSocket: the set as a first frame, changes as frames. */
    private static final class Socket implements Connection, WebSocket.Listener {
        private final Consumer<Object> received;
        private final StringBuilder text = new StringBuilder();
        private WebSocket socket;

        private Socket(Consumer<Object> received) {
            this.received = received;
        }

        static Socket open(
                HttpClient client, URI root, Map<String, String> headers, ObjectNode set, Consumer<Object> received) {
            Socket connection = new Socket(received);
            WebSocket.Builder builder = client.newWebSocketBuilder()
                    .subprotocols(WebSocketRecorder.SUBPROTOCOL)
                    .connectTimeout(Duration.ofSeconds(5));
            headers.forEach(builder::header);
            URI uri = URI.create("ws" + root.toString().substring("http".length()) + SharedRecorder.PATH);
            try {
                connection.socket = builder.buildAsync(uri, connection).get(10, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new AssertionError("No WebSocket to " + uri, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            connection.change(whole(set));
            return connection;
        }

        @Override
        public synchronized void change(ObjectNode control) {
            socket.sendText(control.toString(), true).join();
        }

        @Override
        public synchronized void send(String sub, String path, long ref, String data) {
            socket.sendText("{\"sub\":\"" + sub + "\",\"ref\":" + ref + ",\"data\":" + data + '}', true)
                    .join();
        }

        @Override
        public String name() {
            return null;
        }

        @Override
        public void close() {
            socket.abort();
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                received.accept(frame(text.toString(), null));
                text.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            received.accept("closed with " + statusCode + ' ' + reason);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            received.accept("failed: " + error);
        }
    }

    /** A stream opened by a {@code POST} carrying the set; changes by control {@code POST}s naming it. */
    private static final class Stream implements Connection {
        private final HttpClient client;
        private final URI root;
        private final Map<String, String> headers;
        private final Consumer<Object> received;
        private final InputStream body;
        private final CountDownLatch named = new CountDownLatch(1);
        private volatile String name;

        Stream(HttpClient client, URI root, Map<String, String> headers, ObjectNode set, Consumer<Object> received) {
            this.client = client;
            this.root = root;
            this.headers = headers;
            this.received = received;
            HttpRequest request = post(
                            URI.create(root + SharedRecorder.PATH),
                            headers,
                            whole(set).toString())
                    .header("Accept", "text/event-stream")
                    .build();
            HttpResponse<InputStream> response;
            try {
                response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (response.statusCode() != 200) {
                throw new AssertionError("The stream was refused with " + response.statusCode());
            }
            body = response.body();
            Thread reader = new Thread(this::read, "shared-stream");
            reader.setDaemon(true);
            reader.start();
        }

        // WHATWG HTML §9.2.6, with the protocol's sub field.
        private void read() {
            String sub = null;
            String id = null;
            String event = null;
            StringBuilder data = new StringBuilder();
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    if (line.isEmpty()) {
                        if (data.length() > 0) {
                            dispatch(sub, id, event == null ? "message" : event, data.substring(0, data.length() - 1));
                        }
                        sub = id = event = null;
                        data.setLength(0);
                    } else if (!line.startsWith(":")) {
                        int colon = line.indexOf(':');
                        String field = colon < 0 ? line : line.substring(0, colon);
                        String value = colon < 0 ? "" : line.substring(colon + (line.startsWith(": ", colon) ? 2 : 1));
                        switch (field) {
                            case "sub" -> sub = value;
                            case "id" -> id = value;
                            case "event" -> event = value;
                            case "data" -> data.append(value).append('\n');
                            default -> {}
                        }
                    }
                }
                received.accept("the stream ended");
            } catch (IOException e) {
                received.accept("the stream failed: " + e);
            }
        }

        private void dispatch(String sub, String id, String event, String data) throws IOException {
            JsonNode parsed = SharedRecorder.JSON.readTree(data);
            if (sub == null && "connection".equals(event)) {
                name = parsed.get("connection").asText();
                named.countDown();
                return;
            }
            ObjectNode frame = SharedRecorder.JSON.createObjectNode();
            if (sub != null) {
                frame.put("sub", sub);
            }
            if (id != null) {
                frame.put("id", id);
            }
            frame.put("event", event);
            frame.set("data", parsed);
            received.accept(SharedRecorder.Frame.of(frame));
        }

        @Override
        public void change(ObjectNode control) {
            try {
                if (!named.await(10, TimeUnit.SECONDS)) {
                    throw new AssertionError("The stream did not name its connection within 10 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            control.put("connection", name);
            try {
                HttpResponse<String> answer = client.send(
                        post(URI.create(root + SharedRecorder.PATH), headers, control.toString())
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() != 204) {
                    throw new AssertionError("The change was answered " + answer.statusCode() + ' ' + answer.body());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void send(String sub, String path, long ref, String data) {
            uplink(client, root, headers, sub, path, ref, data, received);
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void close() {
            try {
                body.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }

    /** Polls, each carrying the whole set and the cursor of the last answer, held briefly so changes go soon. */
    private static final class Polls implements Connection {
        private final HttpClient client;
        private final URI root;
        private final Map<String, String> headers;
        private final Supplier<ObjectNode> set;
        private final Consumer<Object> received;
        private volatile String cursor;
        private volatile boolean closed;
        private ObjectNode stops; // guarded by this: runs to stop, carried by the next poll

        Polls(
                HttpClient client,
                URI root,
                Map<String, String> headers,
                Supplier<ObjectNode> set,
                Consumer<Object> received) {
            this.client = client;
            this.root = root;
            this.headers = headers;
            this.set = set;
            this.received = received;
            Thread loop = new Thread(this::loop, "shared-polls");
            loop.setDaemon(true);
            loop.start();
        }

        private void loop() {
            URI uri = URI.create(root + SharedRecorder.PATH + "?transport=poll&timeout=0.5");
            while (!closed) {
                ObjectNode body = whole(set.get());
                if (cursor != null) {
                    body.put("cursor", cursor);
                }
                synchronized (this) {
                    if (stops != null) {
                        body.setAll(stops);
                        stops = null;
                    }
                }
                HttpResponse<String> answer;
                try {
                    answer = client.send(
                            post(uri, headers, body.toString()).build(), HttpResponse.BodyHandlers.ofString());
                } catch (IOException e) {
                    received.accept(closed ? CLOSED : "a poll failed: " + e);
                    return;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                if (closed) {
                    return;
                }
                if (answer.statusCode() == 200) {
                    take(answer.body());
                } else if (answer.statusCode() != 204) {
                    received.accept("a poll was answered " + answer.statusCode() + ' ' + answer.body());
                    return;
                }
            }
        }

        private void take(String body) {
            try {
                JsonNode batch = SharedRecorder.JSON.readTree(body);
                for (JsonNode frame : batch.path("events")) {
                    received.accept(SharedRecorder.Frame.of(frame));
                }
                cursor = batch.get("cursor").asText();
            } catch (IOException e) {
                received.accept("an answer was not JSON: " + body);
            }
        }

        @Override
        public void change(ObjectNode control) {
            // The next poll carries the set, within half a second, and the runs to stop with it.
            if (control.has("stop")) {
                synchronized (this) {
                    stops = SharedRecorder.JSON.createObjectNode().set("stop", control.get("stop"));
                }
            }
        }

        @Override
        public void send(String sub, String path, long ref, String data) {
            uplink(client, root, headers, sub, path, ref, data, received);
        }

        @Override
        public String name() {
            return cursor;
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
