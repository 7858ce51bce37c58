package io.realtime.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One browser visiting the server: its own cookie jar, so its own cookie session, shared by its {@link Tab tabs},
 * each of which negotiates and keeps a tab token of its own, as {@code realtime.js} does in {@code
 * sessionStorage}. Tests of identity read as one expression:
 *
 * <pre>{@code
 * Visitor alice = server.visitor().login("alice");          // a cookie session with a principal
 * Visitor.Tab tab = alice.tab().negotiate("/notes/board");   // a tab token, sent from now on
 * try (SseRecorder notes = tab.sse("/notes/board");          // header Realtime-Token
 *         WebSocketRecorder chat = tab.webSocket("/chat")) { // subprotocol realtime.token.<token>
 *     ...
 * }
 * alice.logout();                                            // invalidates the session
 * }</pre>
 *
 * <p>It is the same on every container: {@link ContainerServer#visitor()} makes one, and {@link #of(URI)} one for
 * an application the kits did not start (a WAR in a standalone container). The session operations ({@link
 * #login}, {@link #logout}, {@link #sessionTimeout}, {@link #sessionId}) go through the test kit's {@link
 * SessionControl} servlet, which every kit maps on programmatic deployments, and each kit gives the {@link
 * ServerBuilder#users(String...) users} a real login through its container's own authentication; the tabs work
 * with any server, a WAR's too. Threading: each method blocks until its answer; a visitor may be used from several
 * threads, a tab from one at a time.
 */
public final class Visitor {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI root;
    private final CookieManager cookies;
    private final HttpClient client;

    private Visitor(URI root) {
        this(root, new CookieManager(null, CookiePolicy.ACCEPT_ALL));
    }

    private Visitor(URI root, CookieManager cookies) {
        this.root = root;
        this.cookies = cookies;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .cookieHandler(cookies)
                .build();
    }

    /**
     * A new visitor, without cookies yet, of the application served at {@code root}, whatever runs it.
     *
     * @param root the application's root, such as {@code http://127.0.0.1:41234/app}, without a final {@code /}
     * @return the visitor
     */
    public static Visitor of(URI root) {
        return new Visitor(Objects.requireNonNull(root, "root"));
    }

    /**
     * The same browser visiting another node of the application, behind a load balancer without sticky sessions:
     * it shares this visitor's cookies, those set by either included.
     *
     * @param otherRoot the other node's application root, without a final {@code /}
     * @return the visitor there
     */
    public Visitor on(URI otherRoot) {
        return new Visitor(Objects.requireNonNull(otherRoot, "otherRoot"), cookies);
    }

    /**
     * The HTTP client with this visitor's cookies, for requests of a test's own.
     *
     * @return the client
     */
    public HttpClient client() {
        return client;
    }

    /**
     * Logs in one of the server's users ({@link ServerBuilder#users(String...)}) in a cookie session, created if
     * there is none: the container's authentication gives the session a new id, as after any login, and holds
     * the container's principal in it.
     *
     * @param user the user's name
     * @return this visitor
     * @throws AssertionError if the server refuses the login
     */
    public Visitor login(String user) {
        expect(send(request("/login?user=" + user).POST(HttpRequest.BodyPublishers.noBody())), 204, "login");
        return this;
    }

    /**
     * Starts an anonymous cookie session, as an application that calls {@code getSession()} would.
     *
     * @return this visitor
     */
    public Visitor startSession() {
        expect(send(request("/session?create=true").GET()), 200, "session");
        return this;
    }

    /**
     * Sets the session's {@code maxInactiveInterval}, creating the session if needed.
     *
     * @param timeout whole seconds, at least one
     * @return this visitor
     */
    public Visitor sessionTimeout(Duration timeout) {
        expect(
                send(request("/session?create=true&timeout=" + timeout.toSeconds())
                        .GET()),
                200,
                "session");
        return this;
    }

    /**
     * Logs out and invalidates the cookie session, as an application's logout does.
     *
     * @return this visitor
     */
    public Visitor logout() {
        expect(send(request("/logout").POST(HttpRequest.BodyPublishers.noBody())), 204, "logout");
        return this;
    }

    /**
     * Asks the server for the cookie session this visitor's cookie names. Being a request of that session, it also
     * counts as the session's traffic.
     *
     * @return the session's id, or {@code null} when the server knows none (never sent, expired, invalidated)
     */
    public String sessionId() {
        HttpResponse<String> answer = send(request("/session").GET());
        if (answer.statusCode() == 204) {
            return null;
        }
        expect(answer, 200, "session");
        return read(answer.body()).path("id").asText();
    }

    /**
     * A new tab of this browser: it shares the cookies, and has no token until it negotiates.
     *
     * @return the tab
     */
    public Tab tab() {
        return new Tab(null);
    }

    /**
     * Sends a GET with this visitor's cookies.
     *
     * @param path the context-relative path, with any query
     * @return the response
     */
    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    private URI uri(String path) {
        return URI.create(root + path);
    }

    private URI webSocketUri(String path) {
        return URI.create("ws" + root.toString().substring("http".length()) + path);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(uri(SessionControl.PATH + path));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return client.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void expect(HttpResponse<String> answer, int status, String what) {
        if (answer.statusCode() != status) {
            throw new AssertionError(
                    "The test kit's " + what + " answered " + answer.statusCode() + ": " + answer.body());
        }
    }

    private static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("Not JSON: " + body, e);
        }
    }

    /**
     * One tab of the visitor's browser: it sends the visitor's cookies and, once it has negotiated, its tab token on
     * every request (header {@code Realtime-Token}) and WebSocket handshake (subprotocol {@code
     * realtime.token.<token>} beside {@code realtime.v1}), as the browser client does.
     */
    public final class Tab {

        private volatile String token;
        private volatile String id;
        private volatile String offer;

        private Tab(String token) {
            this.token = token;
        }

        /**
         * Negotiates with an endpoint, sending the token the tab holds, and keeps the token and tab id the answer
         * carries.
         *
         * @param path the endpoint's context-relative path
         * @return this tab
         * @throws AssertionError if the negotiation is refused
         */
        public Tab negotiate(String path) {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                    .header("Accept", "application/realtime-negotiate+json")
                    .GET();
            HttpResponse<String> answer = send(withToken(request));
            expect(answer, 200, "negotiation of " + path);
            JsonNode parsed = read(answer.body());
            offer = answer.body();
            token = parsed.path("token").asText(null);
            id = parsed.path("tab").asText(null);
            return this;
        }

        /**
         * The last negotiation's answer, as the server sent it.
         *
         * @return its JSON text, or {@code null} before the first
         */
        public String offer() {
            return offer;
        }

        /**
         * The token this tab sends. Tests may compare it, and must not print it: no token belongs in a log.
         *
         * @return the token, or {@code null} before negotiation
         */
        public String token() {
            return token;
        }

        /**
         * The tab id negotiation issued, which {@code RealtimeSession.id()} returns on the server.
         *
         * @return the id, or {@code null} before negotiation
         */
        public String id() {
            return id;
        }

        /**
         * Another tab holding the same token, as a browser's "duplicate tab" copies {@code sessionStorage}.
         *
         * @return the copy
         */
        public Tab duplicate() {
            Tab copy = new Tab(token);
            copy.id = id;
            return copy;
        }

        /**
         * A tab of this visitor that sends {@code value} as its token, such as a forged or expired one.
         *
         * @param value the token to send
         * @return the new tab
         */
        public Tab withToken(String value) {
            return new Tab(Objects.requireNonNull(value, "value"));
        }

        /**
         * Opens a Server-Sent Events stream.
         *
         * @param path the context-relative path, with any query
         * @return the recorder; close it to disconnect
         */
        public SseRecorder sse(String path) {
            return sse(path, Map.of());
        }

        /**
         * Opens a Server-Sent Events stream with extra request headers, such as {@code Last-Event-ID}.
         *
         * @param path the context-relative path, with any query
         * @param headers extra request headers
         * @return the recorder; close it to disconnect
         */
        public SseRecorder sse(String path, Map<String, String> headers) {
            return SseRecorder.open(client, uri(path), headers(headers));
        }

        /**
         * Starts a long-poll client looping on the cursor from now.
         *
         * @param path the context-relative path, with any query such as {@code timeout=5}
         * @return the recorder; close it to stop
         */
        public PollRecorder poll(String path) {
            return PollRecorder.start(client, uri(path), null, headers(Map.of()));
        }

        /**
         * Opens a WebSocket, offering {@code realtime.v1} and, with a token, {@code realtime.token.<token>}.
         *
         * @param path the context-relative path, with any query
         * @return the recorder; close it to disconnect
         * @throws UncheckedIOException if the server refused the upgrade
         */
        public WebSocketRecorder webSocket(String path) {
            return webSocket(path, Map.of());
        }

        /**
         * Opens a WebSocket with extra handshake headers, such as {@code Origin}.
         *
         * @param path the context-relative path, with any query
         * @param headers extra handshake headers
         * @return the recorder; close it to disconnect
         * @throws UncheckedIOException if the server refused the upgrade
         */
        public WebSocketRecorder webSocket(String path, Map<String, String> headers) {
            List<String> protocols = token == null
                    ? List.of(WebSocketRecorder.SUBPROTOCOL)
                    : List.of(WebSocketRecorder.SUBPROTOCOL, "realtime.token." + token);
            return WebSocketRecorder.open(client, webSocketUri(path), headers, protocols);
        }

        /**
         * Sends a GET with the tab's cookies and token.
         *
         * @param path the context-relative path, with any query
         * @return the response
         */
        public HttpResponse<String> get(String path) {
            return send(withToken(HttpRequest.newBuilder(uri(path)).GET()));
        }

        /**
         * Sends one {@code @Duplex} message as the fallback's uplink does: {@code POST} with {@code
         * Realtime-Uplink: 1}, JSON, the cookies and the token.
         *
         * @param path the endpoint's context-relative path
         * @param envelope the message, such as {@code {"ref":1,"data":{...}}}
         * @return the response, whose body is the reply frame
         */
        public HttpResponse<String> post(String path, String envelope) {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                    .header("Content-Type", "application/json")
                    .header("Realtime-Uplink", "1")
                    .POST(HttpRequest.BodyPublishers.ofString(envelope));
            return send(withToken(request));
        }

        private HttpRequest.Builder withToken(HttpRequest.Builder request) {
            String t = token;
            return t == null ? request : request.header("Realtime-Token", t);
        }

        private Map<String, String> headers(Map<String, String> extra) {
            Map<String, String> all = new LinkedHashMap<>(extra);
            if (token != null) {
                all.put("Realtime-Token", token);
            }
            return all;
        }

        /** Names the tab by its id; the token is never shown. */
        @Override
        public String toString() {
            return "Tab[" + id + "]";
        }
    }
}
