package io.realtime.undertow;

import io.realtime.testing.ContainerServer;
import io.realtime.testing.ServerBuilder;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.Version;
import io.undertow.server.DefaultByteBufferPool;
import io.undertow.server.handlers.PathHandler;
import io.undertow.servlet.Servlets;
import io.undertow.websockets.jsr.ServerWebSocketContainer;
import io.undertow.websockets.jsr.WebSocketDeploymentInfo;
import jakarta.servlet.ServletContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.xnio.Options;

/**
 * Embedded Undertow 2.3 (Servlet 6.0, Jakarta WebSocket 2.1: the web server of WildFly) serving realtime endpoints
 * on a free port of 127.0.0.1, for tests: the same {@link ContainerServer} as the Jetty and Tomcat kits.
 *
 * <pre>{@code
 * try (UndertowServer server = UndertowServer.start(Market.class);
 *         SseRecorder prices = server.sse("/prices/ACME")) {
 *     server.topics().get("prices:ACME").publish(new Price(42));
 *     assertThat(prices.next().data()).isEqualTo("{\"value\":42}");
 * }
 * }</pre>
 *
 * <p>Two ways to deploy, as {@link ServerBuilder} describes. Services are registered through
 * {@code Realtime.initializer(...)} on a deployment built in code, as an application that embeds Undertow would,
 * with Undertow's Jakarta WebSocket support ({@code undertow-websockets-jsr}, whose servlet extension creates the
 * {@code ServerContainer} before any initializer runs). A WAR (a directory or a {@code .war} file) is deployed as
 * WildFly deploys one, since Undertow itself reads no deployment descriptor and scans nothing: its classes get a
 * class loader of their own that looks in the WAR first; its {@code web.xml} context parameters, listeners,
 * servlets, welcome files and {@code <absolute-ordering>} are honoured (other elements are refused); and the classes
 * of {@code WEB-INF/classes} and of the jars the ordering keeps are indexed with Jandex for the
 * {@code @HandlesTypes} of the initializers those jars list in {@code META-INF/services}, and for
 * {@code @WebServlet}, {@code @WebFilter} and {@code @WebListener} (unless {@code metadata-complete}).
 *
 * <p>Static files: a programmatic server serves the directories given to {@link ServerBuilder#staticFiles(Path)},
 * then the {@code META-INF/resources} of every class path entry (the browser client is at
 * {@code <context>/realtime/realtime.js}); a WAR serves its own files, then those of its jars.
 *
 * <p>Sessions and logins: a programmatic server maps the kit's {@code SessionControl} servlet, through which a
 * {@code Visitor} handles its cookie session; {@link ServerBuilder#users(String...)} gives Undertow's FORM
 * authentication an identity manager that knows these users, with nothing constrained, so a login gives the
 * session a principal (of the kit's own class: Undertow has no realm of its own).
 *
 * <p>Threading: {@code start} blocks until the server listens; {@code close} until it has stopped. Requests are
 * served by Undertow's worker pool of up to 200 threads, which releases threads idle for 3 seconds, behind 2 I/O
 * threads; WebSocket messages are handed to the worker pool, as WildFly does. Sessions are kept in memory only, so
 * none survives {@link #stopApplication()}.
 */
public final class UndertowServer implements ContainerServer {

    private final Undertow undertow;
    private final OpenConnections connections;
    private final Application application;
    private final DefaultByteBufferPool buffers;
    private final Path work;
    private final HttpClient client;
    private final URI base;
    private boolean closed;

    private UndertowServer(
            Undertow undertow,
            OpenConnections connections,
            Application application,
            DefaultByteBufferPool buffers,
            Path work,
            String contextPath) {
        this.undertow = undertow;
        this.connections = connections;
        this.application = application;
        this.buffers = buffers;
        this.work = work;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        int port = ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
        this.base = URI.create("http://127.0.0.1:" + port + contextPath);
    }

    /**
     * Starts a server with these services and the default settings.
     *
     * @param services endpoint classes or instances
     * @return the running server
     */
    public static UndertowServer start(Object... services) {
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
        return "Undertow/" + Version.getVersionString();
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
        return application.context();
    }

    @Override
    public int webSocketEndpoints() {
        return servletContext().getAttribute(WebSocketEndpointsAttribute.NAME)
                        instanceof ServerWebSocketContainer container
                ? container.getConfiguredServerEndpoints().size()
                : 0;
    }

    @Override
    public int dropConnections() {
        return connections.dropAll();
    }

    @Override
    public void stopApplication() {
        application.stop();
    }

    @Override
    public void startApplication() {
        application.start();
    }

    /**
     * Stops the application, then Undertow, and deletes its work files: streams receive their final
     * {@code reconnect} (WebSockets {@code 1001}) while the connections are still up. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            application.stop();
        } finally {
            undertow.stop();
            buffers.close();
            delete(work);
        }
    }

    private static void delete(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete the kit's work directory " + root, e);
        }
    }

    /** The servlet context attribute of the Jakarta WebSocket container (Jakarta WebSocket 2.1 §6.4). */
    private static final class WebSocketEndpointsAttribute {
        static final String NAME = "jakarta.websocket.server.ServerContainer";
    }

    /** Configures an {@link UndertowServer}; the options are those of every kit's {@link ServerBuilder}. */
    public static final class Builder extends ServerBuilder<Builder, UndertowServer> {

        private Builder() {}

        @Override
        public UndertowServer start() {
            validate();
            Path work;
            try {
                work = Files.createTempDirectory("realtime-undertow");
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot create the kit's work directory", e);
            }
            String contextPath = contextPathValue().equals("/") ? "" : contextPathValue();
            PathHandler paths = Handlers.path();
            OpenConnections connections = new OpenConnections(paths);
            Undertow undertow = Undertow.builder()
                    .addHttpListener(portValue(), "127.0.0.1")
                    .setIoThreads(2)
                    // Every idle worker goes within seconds (Undertow keeps its whole pool by default, and XNIO never
                    // retires core threads), so that a test can check that the JVM's threads return to their level.
                    .setWorkerOption(Options.WORKER_TASK_CORE_THREADS, 0)
                    .setWorkerOption(Options.WORKER_TASK_MAX_THREADS, 200)
                    .setWorkerOption(Options.WORKER_TASK_KEEPALIVE, 3_000)
                    // Undertow refuses a request whose declared body exceeds this before any servlet sees it (500 and
                    // Connection: close); embedded, it allows 2 MiB, WildFly 10 MiB (max-post-size): the kit takes
                    // WildFly's (docs/containers.md).
                    .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, 10L * 1024 * 1024)
                    .setHandler(connections)
                    .build();
            DefaultByteBufferPool buffers = new DefaultByteBufferPool(true, 16 * 1024);
            Application application;
            try {
                undertow.start();
                java.util.function.Supplier<WebSocketDeploymentInfo> webSockets = () -> new WebSocketDeploymentInfo()
                        .setWorker(undertow.getWorker())
                        .setBuffers(buffers)
                        .setDispatchToWorkerThread(true);
                java.util.function.Supplier<Deployments.Start> deployments;
                if (warValue().isPresent()) {
                    War war = War.read(warValue().get(), work);
                    deployments = () -> Deployments.war(war, contextPath, webSockets);
                } else {
                    Deployments.Programmatic app = new Deployments.Programmatic(
                            configuration(), serviceList(), webSocketEnabled(), staticFileList(), userList());
                    deployments = () -> Deployments.programmatic(app, contextPath, webSockets);
                }
                application = new Application(
                        Servlets.newContainer(), paths, contextPath.isEmpty() ? "/" : contextPath, deployments);
                application.start();
            } catch (RuntimeException e) {
                undertow.stop();
                buffers.close();
                delete(work);
                throw e;
            }
            return new UndertowServer(undertow, connections, application, buffers, work, contextPath);
        }
    }
}
