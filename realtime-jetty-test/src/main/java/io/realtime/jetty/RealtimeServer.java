package io.realtime.jetty;

import io.realtime.Topics;
import io.realtime.runtime.Realtime;
import io.realtime.runtime.RealtimeConfig;
import io.realtime.runtime.RealtimeStats;
import jakarta.servlet.ServletContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.eclipse.jetty.ee10.servlet.DefaultServlet;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.webapp.Configurations;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.security.HashLoginService;
import org.eclipse.jetty.security.SecurityHandler;
import org.eclipse.jetty.security.UserStore;
import org.eclipse.jetty.security.authentication.FormAuthenticator;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.resource.Resource;
import org.eclipse.jetty.util.resource.ResourceFactory;
import org.eclipse.jetty.util.security.Credential;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Embedded Jetty 12 (ee10) serving realtime endpoints on a free port of 127.0.0.1, for tests (and for running
 * a WAR locally).
 *
 * <pre>{@code
 * try (RealtimeServer server = RealtimeServer.start(Market.class);
 *         SseRecorder prices = server.sse("/prices/ACME")) {
 *     server.topics().get("prices:ACME").publish(new Price(42));
 *     assertThat(prices.next().data()).isEqualTo("{\"value\":42}");
 * }
 * }</pre>
 *
 * <p>Two ways to deploy: {@link Builder#services(Object...)} registers classes or instances programmatically,
 * as an application on an embedded server would; {@link Builder#war(Path)} deploys an exploded WAR directory
 * or a {@code .war} file with annotation scanning, exactly as a standalone container would, so the runtime
 * finds the endpoints itself.
 *
 * <p>Static files: like a container serving the {@code META-INF/resources} of the jars in {@code WEB-INF/lib},
 * a programmatic server serves the {@code META-INF/resources} of every classpath entry, so the browser client
 * is at {@code <context>/realtime/realtime.js}; {@link Builder#staticFiles(Path)} adds a directory of test
 * pages.
 *
 * <p>Threading: {@code start} blocks until the server listens; {@code close} until it has stopped. A Jetty
 * thread pool of 8 to 200 threads serves requests; it releases threads idle for 3 seconds.
 */
public final class RealtimeServer implements AutoCloseable {

    private final Server server;
    private final ServerConnector connector;
    private final ServletContextHandler context;
    private final HttpClient client;
    private final URI base;

    private RealtimeServer(Server server, ServerConnector connector, ServletContextHandler context) {
        this.server = server;
        this.connector = connector;
        this.context = context;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        String path = context.getContextPath().equals("/") ? "" : context.getContextPath();
        this.base = URI.create("http://127.0.0.1:" + connector.getLocalPort() + path);
    }

    /**
     * Starts a server with these services and the default settings.
     *
     * @param services endpoint classes or instances
     * @return the running server
     */
    public static RealtimeServer start(Object... services) {
        return builder().services(services).start();
    }

    /**
     * A builder for a server with custom settings or a WAR.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The application's root, such as {@code http://127.0.0.1:41234} (with the context path, if any).
     *
     * @return the base URI
     */
    public URI uri() {
        return base;
    }

    /**
     * An absolute URI for a context-relative path.
     *
     * @param path such as {@code /prices/ACME?transport=poll}
     * @return the URI
     */
    public URI uri(String path) {
        return URI.create(base + path);
    }

    /**
     * The HTTP/1.1 client the recorders use; tests may send their own requests with it.
     *
     * @return the client
     */
    public HttpClient client() {
        return client;
    }

    /**
     * The application's servlet context.
     *
     * @return the context
     */
    public ServletContext servletContext() {
        return context.getServletContext();
    }

    /**
     * The application's topics, to publish from the test.
     *
     * @return the topics
     */
    public Topics topics() {
        return Topics.from(servletContext());
    }

    /**
     * What the runtime holds now: connections, subscriptions, topics.
     *
     * @return the statistics
     */
    public RealtimeStats stats() {
        return Realtime.stats(servletContext());
    }

    /**
     * Opens a Server-Sent Events stream and records it. Blocks until the response headers arrive.
     *
     * @param path the context-relative path, with any query
     * @return the recorder; close it to disconnect
     */
    public SseRecorder sse(String path) {
        return SseRecorder.open(client, uri(path), Map.of());
    }

    /**
     * Opens a Server-Sent Events stream that resumes from a cursor, sent as {@code Last-Event-ID}.
     *
     * @param path the context-relative path, with any query
     * @param lastEventId the cursor
     * @return the recorder; close it to disconnect
     */
    public SseRecorder sse(String path, String lastEventId) {
        return SseRecorder.open(client, uri(path), Map.of("Last-Event-ID", lastEventId));
    }

    /**
     * Opens a Server-Sent Events stream with arbitrary request headers.
     *
     * @param path the context-relative path, with any query
     * @param headers request headers
     * @return the recorder; close it to disconnect
     */
    public SseRecorder sse(String path, Map<String, String> headers) {
        return SseRecorder.open(client, uri(path), headers);
    }

    /**
     * Opens a WebSocket to a {@code @Duplex} endpoint and records it. Blocks until the handshake completes.
     *
     * @param path the context-relative path, with any query such as {@code ?lastEventId=...}
     * @return the recorder; close it to disconnect
     * @throws java.io.UncheckedIOException if the server refused the upgrade
     */
    public WebSocketRecorder webSocket(String path) {
        return WebSocketRecorder.open(client, webSocketUri(path), Map.of());
    }

    /**
     * Opens a WebSocket with extra handshake headers, such as {@code Origin}.
     *
     * @param path the context-relative path, with any query
     * @param headers handshake headers
     * @return the recorder; close it to disconnect
     * @throws java.io.UncheckedIOException if the server refused the upgrade
     */
    public WebSocketRecorder webSocket(String path, Map<String, String> headers) {
        return WebSocketRecorder.open(client, webSocketUri(path), headers);
    }

    /**
     * Attempts a WebSocket handshake and reports the answer, closing at once if it succeeded.
     *
     * @param path the context-relative path, with any query
     * @param headers handshake headers, such as {@code Origin}
     * @return {@code 101} when the upgrade was accepted, otherwise the HTTP status of the refusal
     */
    public int webSocketHandshake(String path, Map<String, String> headers) {
        return WebSocketRecorder.handshakeStatus(client, webSocketUri(path), headers);
    }

    /**
     * The {@code ws://} URI of a context-relative path.
     *
     * @param path such as {@code /chat/lobby}
     * @return the URI
     */
    public URI webSocketUri(String path) {
        return URI.create("ws" + base.toString().substring("http".length()) + path);
    }

    /**
     * Starts a long-poll client that loops on the cursor from now, and records what it receives.
     *
     * @param path the context-relative path, with any query such as {@code timeout=5}
     * @return the recorder; close it to stop
     */
    public PollRecorder poll(String path) {
        return PollRecorder.start(client, uri(path), null, Map.of());
    }

    /**
     * Starts a long-poll client that loops on the cursor from {@code cursor}.
     *
     * @param path the context-relative path, with any query such as {@code timeout=5}
     * @param cursor the cursor to start from
     * @return the recorder; close it to stop
     */
    public PollRecorder poll(String path, String cursor) {
        return PollRecorder.start(client, uri(path), cursor, Map.of());
    }

    /**
     * A new visitor: a browser with a cookie jar of its own, whose tabs negotiate and send tab tokens. Programmatic
     * servers only: the session operations go through a servlet of the test kit.
     *
     * @return the visitor, without cookies yet
     */
    public Visitor visitor() {
        return new Visitor(this);
    }

    /**
     * Fault injection: closes every open TCP connection from the server side at once, as a proxy restart would.
     *
     * @return how many connections were closed
     */
    public int dropConnections() {
        List<EndPoint> endPoints = new ArrayList<>(connector.getConnectedEndPoints());
        endPoints.forEach(EndPoint::close);
        return endPoints.size();
    }

    /**
     * Stops the application as an undeploy would, while the server keeps running and its connections stay
     * open: the servlet context is destroyed, so the runtime's goodbye to its clients (a final SSE
     * {@code reconnect}, long-polls answered with {@code Retry-After}) reaches them. Blocks until it has
     * stopped. {@link #close()} still stops the server.
     */
    public void stopApplication() {
        try {
            context.stop();
        } catch (Exception e) {
            throw new IllegalStateException("The application did not stop cleanly", e);
        }
    }

    /**
     * Stops the application, then the server, as an undeployment would: streams receive their final
     * {@code reconnect} (WebSockets {@code 1001}) while the connections are still up, then Jetty stops.
     * Idempotent.
     */
    @Override
    public void close() {
        try {
            // Jetty's Server.stop() closes the connectors before it destroys the contexts, which would cut
            // streams off before the runtime can say goodbye.
            context.stop();
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("Jetty did not stop cleanly", e);
        }
    }

    // Jetty's defaults keep an idle thread for a minute and release one per minute; a test server gives idle
    // threads back within seconds, so that a test can check that the JVM's threads return to their level.
    private static QueuedThreadPool threadPool() {
        QueuedThreadPool pool = new QueuedThreadPool(200, 8, 3_000);
        pool.setMaxEvictCount(32);
        return pool;
    }

    /** Configures a {@link RealtimeServer}. Not thread-safe. */
    public static final class Builder {

        private final List<Object> services = new ArrayList<>();
        private final List<Path> staticFiles = new ArrayList<>();
        private RealtimeConfig config = RealtimeConfig.defaults();
        private String contextPath = "/";
        private int port;
        private Path war;
        private boolean webSocket = true;
        private final List<String> users = new ArrayList<>();

        private Builder() {}

        /**
         * Registers endpoint classes or instances programmatically.
         *
         * @param values classes (created by the runtime) or instances
         * @return this builder
         */
        public Builder services(Object... values) {
            services.addAll(List.of(values));
            return this;
        }

        /**
         * Sets the runtime's settings, for programmatic registration.
         *
         * @param value the settings
         * @return this builder
         */
        public Builder config(RealtimeConfig value) {
            config = Objects.requireNonNull(value, "config");
            return this;
        }

        /**
         * Sets the port on 127.0.0.1; default 0, a free port chosen by the system (tests should keep it).
         *
         * @param value 0 to 65535
         * @return this builder
         */
        public Builder port(int value) {
            if (value < 0 || value > 65535) {
                throw new IllegalArgumentException("port must be 0 to 65535, was " + value);
            }
            port = value;
            return this;
        }

        /**
         * Sets the context path; default {@code /}.
         *
         * @param value such as {@code /app}
         * @return this builder
         */
        public Builder contextPath(String value) {
            contextPath = Objects.requireNonNull(value, "contextPath");
            return this;
        }

        /**
         * Whether the server supports WebSocket at all; default {@code true}. Without it, a handshake gets a plain
         * HTTP answer, as behind a proxy that strips {@code Upgrade}, so tests can exercise the fallback.
         *
         * @param value {@code false} to leave Jetty's Jakarta WebSocket support out
         * @return this builder
         */
        public Builder webSocket(boolean value) {
            webSocket = value;
            return this;
        }

        /**
         * Lets {@link Visitor#login(String)} log in these users, through Jetty's own security handler (form
         * authentication, no constraints): the principal then lives in the cookie session, and every request and
         * WebSocket handshake of that session carries it. Each user's password is the name; for tests only.
         *
         * @param names the users
         * @return this builder
         */
        public Builder users(String... names) {
            users.addAll(List.of(names));
            return this;
        }

        /**
         * Serves the files of a directory at the context root, for test pages, beside the classpath's
         * {@code META-INF/resources}; the directory wins where both have a file. Programmatic deployments only: a
         * WAR carries its own files.
         *
         * @param directory such as the directory of a test's HTML and scripts
         * @return this builder
         * @throws IllegalArgumentException if it is not a directory
         */
        public Builder staticFiles(Path directory) {
            if (!Files.isDirectory(directory)) {
                throw new IllegalArgumentException("Not a directory: " + directory);
            }
            staticFiles.add(directory);
            return this;
        }

        /**
         * Deploys a WAR (a {@code .war} file or an exploded directory) with annotation scanning, instead of
         * programmatic services: the runtime in its {@code WEB-INF/lib} must find the endpoints by itself. The
         * web application's classes are isolated from the test's, as in a standalone container, so
         * {@link RealtimeServer#topics()} and {@link RealtimeServer#stats()} see only a runtime loaded from the
         * server's own class path; test such a WAR over HTTP.
         *
         * @param value the WAR
         * @return this builder
         */
        public Builder war(Path value) {
            if (!Files.exists(value)) {
                throw new IllegalArgumentException("No WAR at " + value);
            }
            war = value;
            return this;
        }

        /**
         * Starts the server on a free port.
         *
         * @return the running server
         * @throws IllegalStateException if Jetty or the application failed to start; the cause says why, or if
         *     both a WAR and static files were given
         */
        public RealtimeServer start() {
            if (war != null && !staticFiles.isEmpty()) {
                throw new IllegalStateException("Static files are for programmatic deployments; put them in the WAR");
            }
            Server server = new Server(threadPool());
            ServerConnector connector = new ServerConnector(server);
            connector.setHost("127.0.0.1");
            connector.setPort(port);
            server.addConnector(connector);
            ServletContextHandler context;
            if (war != null) {
                WebAppContext webApp = new WebAppContext();
                webApp.setContextPath(contextPath);
                webApp.setWarResource(ResourceFactory.of(server).newResource(war));
                webApp.setThrowUnavailableOnStartupException(true);
                Configurations.setServerDefault(server);
                context = webApp;
            } else {
                context = new ServletContextHandler(
                        ServletContextHandler.SESSIONS | (users.isEmpty() ? 0 : ServletContextHandler.SECURITY));
                context.setContextPath(contextPath);
                context.addServlet(new ServletHolder(new SessionControl()), SessionControl.PATH + "/*");
                if (!users.isEmpty()) {
                    logins(context);
                }
                if (webSocket) {
                    JakartaWebSocketServletContainerInitializer.configure(context, null);
                }
                context.addServletContainerInitializer(Realtime.initializer(config, services.toArray()));
                serveStaticFiles(server, context);
            }
            server.setHandler(context);
            try {
                server.start();
            } catch (Exception e) {
                try {
                    server.stop();
                } catch (Exception ignored) {
                    e.addSuppressed(ignored);
                }
                throw new IllegalStateException("The server did not start: " + e.getMessage(), e);
            }
            Throwable cause = context instanceof WebAppContext webApp ? webApp.getUnavailableException() : null;
            if (cause != null || !context.isAvailable()) {
                if (cause == null) {
                    cause = new IllegalStateException("the context is unavailable");
                }
                try {
                    server.stop();
                } catch (Exception ignored) {
                    cause.addSuppressed(ignored);
                }
                throw new IllegalStateException("The application did not start: " + cause.getMessage(), cause);
            }
            return new RealtimeServer(server, connector, context);
        }

        // Form authentication with no constrained path: nothing demands a login, and a login kept in the session
        // gives every later request of the session its principal, as in an application.
        private void logins(ServletContextHandler context) {
            UserStore store = new UserStore();
            users.forEach(name -> store.addUser(name, Credential.getCredential(name), new String[] {"user"}));
            HashLoginService service = new HashLoginService("realtime-test");
            service.setUserStore(store);
            SecurityHandler security = context.getSecurityHandler();
            security.setLoginService(service);
            security.setAuthenticator(new FormAuthenticator(
                    SessionControl.PATH + "/login-page", SessionControl.PATH + "/login-error", false));
        }

        private void serveStaticFiles(Server server, ServletContextHandler context) {
            ResourceFactory resources = ResourceFactory.of(server);
            List<Resource> roots = new ArrayList<>();
            staticFiles.forEach(directory -> roots.add(resources.newResource(directory)));
            try {
                ClassLoader loader = Thread.currentThread().getContextClassLoader();
                for (URL url : Collections.list(loader.getResources("META-INF/resources"))) {
                    roots.add(resources.newResource(url));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot list the classpath's META-INF/resources", e);
            }
            if (roots.isEmpty()) {
                return;
            }
            context.setBaseResource(ResourceFactory.combine(roots));
            ServletHolder files = context.addServlet(DefaultServlet.class, "/");
            files.setInitParameter("dirAllowed", "false");
            files.setInitParameter("cacheControl", "no-store"); // pages change between test runs
        }
    }
}
