package io.realtime.tomcat;

import io.realtime.testing.ContainerServer;
import io.realtime.testing.ServerBuilder;
import jakarta.servlet.ServletContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardThreadExecutor;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.util.ServerInfo;

/**
 * Embedded Tomcat 11 or 10.1 serving realtime endpoints on a free port of 127.0.0.1, for tests: the same
 * {@link ContainerServer} as the Jetty kit's {@code RealtimeServer}.
 *
 * <pre>{@code
 * try (TomcatServer server = TomcatServer.start(Market.class);
 *         SseRecorder prices = server.sse("/prices/ACME")) {
 *     server.topics().get("prices:ACME").publish(new Price(42));
 *     assertThat(prices.next().data()).isEqualTo("{\"value\":42}");
 * }
 * }</pre>
 *
 * <p>Two ways to deploy, as {@link ServerBuilder} describes: services registered through
 * {@code Realtime.initializer(...)} on a context without {@code web.xml} processing, as an application that
 * embeds Tomcat would (Tomcat's {@code WsSci} is added first, so the WebSocket container exists when the
 * runtime starts); or a WAR, deployed with Tomcat's {@code ContextConfig}, which reads {@code web.xml} and the
 * {@code web-fragment.xml} files and runs the initializers of {@code WEB-INF/lib}, exactly as a standalone Tomcat
 * would. The test class path is not scanned, as a standalone Tomcat's class path holds only Tomcat.
 *
 * <p>Static files: a programmatic server serves the {@code META-INF/resources} of every class path entry (the
 * browser client is at {@code <context>/realtime/realtime.js}) and the directories given to
 * {@link ServerBuilder#staticFiles(Path)}.
 *
 * <p>Sessions and logins: a programmatic server maps the kit's {@code SessionControl} servlet, through which a
 * {@code Visitor} handles its cookie session; {@link ServerBuilder#users(String...)} puts the users in Tomcat's
 * own realm behind its form authenticator, with nothing constrained, so a login gives the session the principal
 * Tomcat's realm makes.
 *
 * <p>Threading: {@code start} blocks until the server listens; {@code close} until it has stopped. Requests
 * are served by a pool of 4 to 200 threads that releases threads idle for 3 seconds. Sessions are not kept
 * across {@link #startApplication()} (Tomcat's default would save them to disk). Tomcat writes its work files
 * to a temporary directory, deleted by {@link #close()}.
 */
public final class TomcatServer implements ContainerServer {

    private final Tomcat tomcat;
    private final Connector connector;
    private final Context context;
    private final Startup startup;
    private final Path baseDir;
    private final HttpClient client;
    private final URI base;
    private boolean closed;

    private TomcatServer(Tomcat tomcat, Connector connector, Context context, Startup startup, Path baseDir) {
        this.tomcat = tomcat;
        this.connector = connector;
        this.context = context;
        this.startup = startup;
        this.baseDir = baseDir;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        this.base = URI.create("http://127.0.0.1:" + connector.getLocalPort() + context.getPath());
    }

    /**
     * Starts a server with these services and the default settings.
     *
     * @param services endpoint classes or instances
     * @return the running server
     */
    public static TomcatServer start(Object... services) {
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
        return ServerInfo.getServerInfo();
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

    /**
     * The Tomcat context of the application, for container-specific checks.
     *
     * @return the context
     */
    public Context context() {
        return context;
    }

    @Override
    public int webSocketEndpoints() {
        return TomcatInternals.webSocketEndpoints(servletContext());
    }

    @Override
    public int dropConnections() {
        return TomcatInternals.dropConnections(connector);
    }

    @Override
    public synchronized void stopApplication() {
        if (!context.getState().isAvailable()) {
            return;
        }
        try {
            context.stop();
        } catch (LifecycleException e) {
            throw new IllegalStateException("The application did not stop cleanly", e);
        }
    }

    @Override
    public synchronized void startApplication() {
        if (context.getState().isAvailable()) {
            return;
        }
        startup.run(context::start, context);
    }

    /**
     * Stops the application, then Tomcat, and deletes its work files: streams receive their final
     * {@code reconnect} (WebSockets {@code 1001}) while the connections are still up. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            // Tomcat's own stop pauses the connector before the contexts go, which would cut streams off before
            // the runtime can say goodbye.
            stopApplication();
            tomcat.stop();
            tomcat.destroy();
        } catch (LifecycleException e) {
            throw new IllegalStateException("Tomcat did not stop cleanly", e);
        } finally {
            TomcatDeployments.delete(baseDir);
        }
    }

    /** Configures a {@link TomcatServer}; the options are those of every kit's {@link ServerBuilder}. */
    public static final class Builder extends ServerBuilder<Builder, TomcatServer> {

        private Builder() {}

        @Override
        public TomcatServer start() {
            validate();
            Path baseDir;
            try {
                baseDir = Files.createTempDirectory("realtime-tomcat");
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot create Tomcat's work directory", e);
            }
            Tomcat tomcat = new Tomcat();
            tomcat.setBaseDir(baseDir.toString());
            Connector connector = connector(tomcat);
            String path = contextPathValue().equals("/") ? "" : contextPathValue();
            Startup startup = new Startup();
            Context context = warValue().isPresent()
                    ? TomcatDeployments.war(tomcat, path, warValue().get())
                    : TomcatDeployments.programmatic(tomcat, path, baseDir, programmatic(), startup::failed);
            try {
                startup.run(tomcat::start, context);
            } catch (RuntimeException e) {
                try {
                    tomcat.stop();
                    tomcat.destroy();
                } catch (LifecycleException ignored) {
                    e.addSuppressed(ignored);
                }
                TomcatDeployments.delete(baseDir);
                throw e;
            }
            return new TomcatServer(tomcat, connector, context, startup, baseDir);
        }

        private TomcatDeployments.Programmatic programmatic() {
            return new TomcatDeployments.Programmatic(
                    configuration(), serviceList(), webSocketEnabled(), staticFileList(), userList());
        }

        // An executor of its own, so that idle threads go within seconds (Tomcat's internal one keeps them for a
        // minute) and a test can check that the JVM's threads return to their level.
        private Connector connector(Tomcat tomcat) {
            StandardThreadExecutor executor = new StandardThreadExecutor();
            executor.setName("realtime-test-tomcat");
            executor.setNamePrefix("tomcat-exec-");
            executor.setMinSpareThreads(4);
            executor.setMaxThreads(200);
            executor.setMaxIdleTime(3_000);
            tomcat.getService().addExecutor(executor);
            Connector connector = new Connector("HTTP/1.1");
            connector.setProperty("address", "127.0.0.1");
            connector.setPort(portValue());
            connector.getProtocolHandler().setExecutor(executor);
            tomcat.setConnector(connector);
            return connector;
        }
    }

    /** Starting (and starting again) with a failure that says why, rather than Tomcat's state alone. */
    static final class Startup {

        private volatile Throwable failure;

        void failed(Throwable cause) {
            if (failure == null) {
                failure = cause;
            }
        }

        interface Step {
            void run() throws LifecycleException;
        }

        void run(Step step, Context context) {
            failure = null;
            StartupLog log = StartupLog.capture(this::failed);
            try {
                step.run();
            } catch (LifecycleException e) {
                failed(e);
            } finally {
                log.close();
            }
            if (context.getState() != LifecycleState.STARTED) {
                Throwable cause = failure != null ? failure : new IllegalStateException("the context did not start");
                throw new IllegalStateException("The application did not start: " + cause.getMessage(), cause);
            }
        }
    }
}
