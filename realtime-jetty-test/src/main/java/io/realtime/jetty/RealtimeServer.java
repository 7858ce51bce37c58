package io.realtime.jetty;

import io.realtime.runtime.Realtime;
import io.realtime.testing.ContainerServer;
import io.realtime.testing.ServerBuilder;
import io.realtime.testing.SessionControl;
import jakarta.servlet.ServletContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.eclipse.jetty.ee10.servlet.DefaultServlet;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.servlet.SessionHandler;
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
import org.eclipse.jetty.session.DefaultSessionCache;
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
 * <p>Sessions and logins: a programmatic server maps the kit's {@code SessionControl} servlet, through which a
 * {@code Visitor} handles its cookie session; {@link ServerBuilder#users(String...)} puts the users in a Jetty
 * {@code HashLoginService} behind its {@code FormAuthenticator}, with nothing constrained, so a login gives the
 * session the principal Jetty's security handler makes.
 *
 * <p>Threading: {@code start} blocks until the server listens; {@code close} until it has stopped. A Jetty
 * thread pool of 8 to 200 threads serves requests; it releases threads idle for 3 seconds.
 */
public final class RealtimeServer implements ContainerServer {

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

    @Override
    public String serverInfo() {
        return "jetty/" + Server.getVersion();
    }

    @Override
    public URI uri() {
        return base;
    }

    @Override
    public HttpClient client() {
        return client;
    }

    @Override
    public ServletContext servletContext() {
        return context.getServletContext();
    }

    @Override
    public int webSocketEndpoints() {
        return JettyInternals.webSocketEndpoints(context);
    }

    @Override
    public int dropConnections() {
        List<EndPoint> endPoints = new ArrayList<>(connector.getConnectedEndPoints());
        endPoints.forEach(EndPoint::close);
        return endPoints.size();
    }

    @Override
    public void stopApplication() {
        try {
            context.stop();
        } catch (Exception e) {
            throw new IllegalStateException("The application did not stop cleanly", e);
        }
    }

    @Override
    public void startApplication() {
        if (context.isStarted()) {
            return;
        }
        try {
            context.start();
        } catch (Exception e) {
            throw new IllegalStateException("The application did not start: " + e.getMessage(), e);
        }
        Builder.checkAvailable(context);
    }

    /**
     * Stops the application, then the server, as an undeployment would: streams receive their final
     * {@code reconnect} (WebSockets {@code 1001}) while the connections are still up, then Jetty stops.
     * Idempotent.
     */
    @Override
    public void close() {
        try {
            // An undeployment first, as on every kit. Jetty's Server.stop() closes the connectors before it
            // destroys the contexts; the runtime hears the server begin to stop and says goodbye then, but a
            // context stopped first needs no such help.
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

    /** Configures a {@link RealtimeServer}; the options are those of every kit's {@link ServerBuilder}. */
    public static final class Builder extends ServerBuilder<Builder, RealtimeServer> {

        private SharedSessions sessionStore;

        private Builder() {}

        /**
         * Keeps cookie sessions in a store shared with other servers rather than in this server's memory, as the
         * nodes of a cluster share a session store: servers given the same store serve the same sessions, and a
         * session invalidated on one is gone on all (though only that one's listeners hear of it). Programmatic
         * deployments only.
         *
         * @param store the sessions
         * @return this builder
         */
        public Builder sessionStore(SharedSessions store) {
            this.sessionStore = Objects.requireNonNull(store, "store");
            return this;
        }

        @Override
        public RealtimeServer start() {
            validate();
            Server server = new Server(threadPool());
            ServerConnector connector = new ServerConnector(server);
            connector.setHost("127.0.0.1");
            connector.setPort(portValue());
            server.addConnector(connector);
            ServletContextHandler context;
            if (warValue().isPresent()) {
                WebAppContext webApp = new WebAppContext();
                webApp.setContextPath(contextPathValue());
                webApp.setWarResource(
                        ResourceFactory.of(server).newResource(warValue().get()));
                webApp.setThrowUnavailableOnStartupException(true);
                Configurations.setServerDefault(server);
                context = webApp;
            } else {
                List<String> users = userList();
                context = new ServletContextHandler(
                        ServletContextHandler.SESSIONS | (users.isEmpty() ? 0 : ServletContextHandler.SECURITY));
                context.setContextPath(contextPathValue());
                context.addServlet(new ServletHolder(new SessionControl()), SessionControl.PATH + "/*");
                if (sessionStore != null) {
                    shareSessions(context, sessionStore);
                }
                if (!users.isEmpty()) {
                    logins(context, users);
                }
                if (webSocketEnabled()) {
                    JakartaWebSocketServletContainerInitializer.configure(context, null);
                }
                context.addServletContainerInitializer(
                        Realtime.initializer(configuration(), serviceList().toArray()));
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
            try {
                checkAvailable(context);
            } catch (IllegalStateException e) {
                try {
                    server.stop();
                } catch (Exception ignored) {
                    e.addSuppressed(ignored);
                }
                throw e;
            }
            return new RealtimeServer(server, connector, context);
        }

        static void checkAvailable(ServletContextHandler context) {
            Throwable cause = context instanceof WebAppContext webApp ? webApp.getUnavailableException() : null;
            if (cause != null || !context.isAvailable()) {
                if (cause == null) {
                    cause = new IllegalStateException("the context is unavailable");
                }
                throw new IllegalStateException("The application did not start: " + cause.getMessage(), cause);
            }
        }

        // A server reads a session from the store once, then keeps it in its memory, as a cluster node with a cache
        // does: connections hold their session object for their life, which a server without a cache would not let
        // them read after their handshake. A session invalidated on another server thus stays valid in this one's
        // memory, and only the runtime's control channel ends its connections here.
        private static void shareSessions(ServletContextHandler context, SharedSessions shared) {
            SessionHandler sessions = context.getSessionHandler();
            DefaultSessionCache cache = new DefaultSessionCache(sessions);
            cache.setSaveOnCreate(true);
            cache.setSessionDataStore(shared.store());
            sessions.setSessionCache(cache);
        }

        // Form authentication with no constrained path: nothing demands a login, and a login kept in the session
        // gives every later request of the session its principal, as in an application.
        private static void logins(ServletContextHandler context, List<String> users) {
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
            staticFileList().forEach(directory -> roots.add(resources.newResource(directory)));
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
