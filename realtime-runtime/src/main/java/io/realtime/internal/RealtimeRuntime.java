package io.realtime.internal;

import io.realtime.Topics;
import io.realtime.internal.cdi.CdiServices;
import io.realtime.internal.duplex.Uplink;
import io.realtime.internal.endpoint.EndpointScanner;
import io.realtime.internal.endpoint.Routes;
import io.realtime.internal.http.HttpDispatch;
import io.realtime.internal.http.HttpTransport;
import io.realtime.internal.http.Negotiation;
import io.realtime.internal.http.Origins;
import io.realtime.internal.http.RealtimeServlet;
import io.realtime.internal.http.Refusals;
import io.realtime.internal.longpoll.PollTransport;
import io.realtime.internal.longpoll.WaitingPolls;
import io.realtime.internal.outbound.Closing;
import io.realtime.internal.outbound.Connections;
import io.realtime.internal.session.Identity;
import io.realtime.internal.session.SessionWatch;
import io.realtime.internal.session.Tabs;
import io.realtime.internal.session.Tokens;
import io.realtime.internal.sse.SseTransport;
import io.realtime.internal.topic.InMemoryBackplane;
import io.realtime.internal.topic.TopicRegistry;
import io.realtime.internal.websocket.WebSocketEndpoints;
import io.realtime.runtime.DeploymentException;
import io.realtime.runtime.RealtimeConfig;
import io.realtime.runtime.RealtimeStats;
import io.realtime.spi.Backplane;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletRegistration;
import java.lang.System.Logger.Level;
import java.lang.reflect.Constructor;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** One web application's runtime: its endpoints, topics, connections and threads, from start to stop. */
public final class RealtimeRuntime implements AutoCloseable {

    /** The servlet context attribute holding the running runtime. */
    public static final String ATTRIBUTE = RealtimeRuntime.class.getName();

    private static final System.Logger LOG = System.getLogger(RealtimeRuntime.class.getName());
    private static final String SERVLET = "io.realtime";

    private final RealtimeConfig config;
    private final Json json;
    private final Backplane backplane;
    private final TopicRegistry topics;
    private final Routes routes;
    private final Connections connections = new Connections();
    private final WaitingPolls waitingPolls = new WaitingPolls();
    private final Tabs tabs;
    private final SessionWatch sessions;
    private final Identity identity;
    private final Threads threads = new Threads();
    private final CountedExecutor workers;
    private final CountedExecutor writers;
    private final ScheduledExecutorService scheduler;
    private final List<Runnable> afterClose = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private RealtimeRuntime(RealtimeConfig config, ServletContext context, Collection<?> services) {
        this.config = config;
        this.json = new Json(config.objectMapper());
        this.backplane = config.backplane().orElseGet(InMemoryBackplane::new);
        this.topics = new TopicRegistry(
                backplane,
                json,
                config.historyMaxEvents(),
                config.historyMaxAge().toMillis(),
                config.maxTopics());
        try {
            this.routes = EndpointScanner.scan(services, instantiator(config, topics, context));
        } catch (RuntimeException e) {
            backplane.close();
            throw e;
        }
        this.tabs = new Tabs(
                config.maxTabs(),
                config.maxTabAttributes(),
                config.tabIdleTimeout().toMillis());
        this.sessions = new SessionWatch(tabs);
        Tokens tokens = new Tokens(config.tokenKeys(), config.tokenLifetime());
        this.identity = new Identity(tokens, tabs, sessions, config);
        if (config.tokenKeys().isEmpty()) {
            LOG.log(
                    Level.INFO,
                    "Tab tokens are signed with a key generated at startup; configure realtime.tokenKeys when"
                            + " several nodes serve this application, or tabs change on every restart");
        }
        this.workers = new CountedExecutor(threads.workers(config.workerThreads()));
        this.writers = new CountedExecutor(threads.writers());
        this.scheduler = threads.scheduler();
        long tick = clamp(
                Math.min(config.heartbeat().toMillis(), config.stallTimeout().toMillis()) / 4, 10, 1000);
        long heartbeat = config.heartbeat().toNanos();
        long stall = config.stallTimeout().toNanos();
        scheduler.scheduleWithFixedDelay(
                () -> guarded(() -> connections.tick(System.nanoTime(), heartbeat, stall)),
                tick,
                tick,
                TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(
                () -> guarded(() -> sessions.keepAlive(System.currentTimeMillis())), 1, 1, TimeUnit.SECONDS);
        long sweep = clamp(config.tabIdleTimeout().toMillis() / 4, 10, 10_000);
        scheduler.scheduleWithFixedDelay(
                () -> guarded(() -> tabs.sweep(System.currentTimeMillis())), sweep, sweep, TimeUnit.MILLISECONDS);
        long evict = clamp(config.historyMaxAge().toMillis() / 2, 100, 5000);
        scheduler.scheduleWithFixedDelay(
                () -> guarded(() -> topics.evictIdle(System.currentTimeMillis())), evict, evict, TimeUnit.MILLISECONDS);
    }

    /**
     * Starts a runtime in a servlet context: reads {@code realtime.*} context parameters over {@code config},
     * validates the services, registers the servlet, and stops everything when the context is destroyed.
     * Call from {@code ServletContainerInitializer#onStartup}.
     *
     * @throws DeploymentException if an endpoint is invalid, a mapping is taken, or it already runs here
     */
    public static RealtimeRuntime start(ServletContext context, RealtimeConfig config, Collection<?> services) {
        if (context.getAttribute(ATTRIBUTE) != null) {
            throw new DeploymentException(List.of("The realtime runtime is already running in servlet context '"
                    + context.getContextPath() + "'; register services once, either by scanning or programmatically"));
        }
        RealtimeConfig effective;
        try {
            effective = config.withParameters(
                    java.util.Collections.list(context.getInitParameterNames()), context::getInitParameter);
        } catch (IllegalArgumentException e) {
            throw new DeploymentException(List.of(e.getMessage()));
        }
        RealtimeRuntime runtime = new RealtimeRuntime(effective, context, services);
        try {
            runtime.install(context);
        } catch (RuntimeException e) {
            context.removeAttribute(RealtimeServlet.DISPATCH);
            runtime.close();
            throw e;
        }
        return runtime;
    }

    private void install(ServletContext context) {
        if (!routes.all().isEmpty()) {
            Map<String, HttpTransport> transports = new LinkedHashMap<>();
            transports.put("sse", new SseTransport(this));
            transports.put("poll", new PollTransport(this, waitingPolls));
            Refusals refusals = new Refusals(config.maxMessageSize(), config.idleTimeout());
            transports.put("uplink", new Uplink(this, refusals));
            Origins origins = new Origins(config.allowedOrigins());
            Negotiation negotiation = new Negotiation(transports.keySet());
            context.setAttribute(
                    RealtimeServlet.DISPATCH,
                    new HttpDispatch(routes, origins, transports, negotiation, identity, refusals, this::close));
            registerServlet(context);
            context.addListener(sessions); // Servlet 6.0 §4.4: an initializer may add session listeners
            if (webSocketApi()) {
                WebSocketEndpoints.install(context, this, origins, () -> negotiation.offer("websocket"));
            }
        }
        context.setAttribute(Topics.class.getName(), topics);
        context.setAttribute(ATTRIBUTE, this);
        context.addListener(new ServletContextListener() {
            @Override
            public void contextDestroyed(ServletContextEvent event) {
                event.getServletContext().removeAttribute(RealtimeServlet.DISPATCH);
                event.getServletContext().removeAttribute(ATTRIBUTE);
                event.getServletContext().removeAttribute(Topics.class.getName());
                close();
            }
        });
    }

    /**
     * Registers the runtime's servlet, or takes back the one an earlier start of this context registered: Jetty
     * keeps servlets added while a context started when it stops (see {@link RealtimeServlet}).
     */
    private void registerServlet(ServletContext context) {
        String[] patterns = routes.servletPatterns().toArray(String[]::new);
        ServletRegistration.Dynamic added = context.addServlet(SERVLET, RealtimeServlet.class);
        ServletRegistration registration = added != null ? added : context.getServletRegistration(SERVLET);
        if (added != null) {
            added.setAsyncSupported(true);
            added.setLoadOnStartup(0); // find the dispatch while the context starts, not at the first request
        } else if (registration != null && RealtimeServlet.class.getName().equals(registration.getClassName())) {
            Collection<String> mapped = registration.getMappings();
            patterns = java.util.Arrays.stream(patterns)
                    .filter(pattern -> !mapped.contains(pattern))
                    .toArray(String[]::new);
        } else {
            throw new DeploymentException(List.of(
                    "A servlet named '" + SERVLET + "' already exists in context '" + context.getContextPath() + "'"));
        }
        Set<String> taken = patterns.length == 0 ? Set.of() : registration.addMapping(patterns);
        if (!taken.isEmpty()) {
            throw new DeploymentException(List.of("Endpoint paths need the servlet mappings " + taken
                    + ", which another servlet of the application already has [rule: path-clash]"));
        }
    }

    public RealtimeConfig config() {
        return config;
    }

    public Json json() {
        return json;
    }

    public TopicRegistry topics() {
        return topics;
    }

    public Routes routes() {
        return routes;
    }

    public Connections connections() {
        return connections;
    }

    /** @return where application methods run; may refuse work when saturated (then answer 503) */
    public ExecutorService workers() {
        return workers;
    }

    /** @return where connections drain */
    public ExecutorService writers() {
        return writers;
    }

    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /** @return who is on the other end of each request and connection */
    public Identity identity() {
        return identity;
    }

    public RealtimeStats stats() {
        return new RealtimeStats(
                connections.size(),
                topics.subscriptions(),
                topics.size(),
                connections.queuedMessages(),
                workers.pending() + writers.pending(),
                waitingPolls.size(),
                tabs.size(),
                sessions.size());
    }

    /**
     * Adds a last step to {@link #close()}, such as waiting for WebSocket closing handshakes.
     *
     * @param step bounded; runs on the thread that stops the application
     */
    public void afterClose(Runnable step) {
        afterClose.add(step);
    }

    /**
     * Stops: tells every client to reconnect later, waits briefly for those messages to leave, then closes
     * what remains and stops every thread the runtime started. Idempotent. Called as soon as the application
     * stops: when the runtime's servlet is destroyed (see {@link RealtimeServlet#destroy()}), or when the context
     * is, whichever comes first.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        waitingPolls.shutdown();
        connections.closeAll(Closing.SHUTDOWN);
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (connections.size() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        connections.closeAll(new Closing(Closing.Kind.ABORT, 1001, "server shutting down; reconnect"));
        scheduler.shutdownNow();
        writers.shutdown();
        workers.shutdownNow();
        try {
            writers.awaitTermination(2, TimeUnit.SECONDS);
            workers.awaitTermination(2, TimeUnit.SECONDS);
            scheduler.awaitTermination(2, TimeUnit.SECONDS);
            int left =
                    threads.awaitExit(System.nanoTime() + Duration.ofSeconds(2).toNanos());
            if (left > 0) {
                LOG.log(
                        Level.WARNING,
                        "{0} runtime threads were still running 2 s after the application stopped",
                        left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        topics.close();
        backplane.close();
        for (Runnable step : afterClose) {
            guarded(step);
        }
    }

    // A service shares state with the rest of its application (servlets, listeners) through the context, or, where
    // the platform has CDI, is one of its beans; the constructor runs during the context's startup.
    private Function<Class<?>, Object> instantiator(RealtimeConfig config, Topics topics, ServletContext context) {
        if (config.serviceFactory().isPresent()) {
            return config.serviceFactory().get();
        }
        Function<Class<?>, Object> own = type -> construct(type, topics, context);
        return cdiApi() ? CdiServices.factory(topics, own, this::afterClose).orElse(own) : own;
    }

    private static Object construct(Class<?> type, Topics topics, ServletContext context) {
        try {
            for (Constructor<?> constructor : type.getConstructors()) {
                Object[] arguments = arguments(constructor.getParameterTypes(), topics, context);
                if (arguments != null && arguments.length > 0) {
                    return constructor.newInstance(arguments);
                }
            }
            return type.getConstructor().newInstance();
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("needs a public constructor whose parameters are io.realtime.Topics"
                    + " and/or jakarta.servlet.ServletContext, or none, or a serviceFactory, or to be a CDI bean"
                    + " where the platform has CDI");
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw new IllegalStateException("its constructor threw " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot be created: " + e, e);
        }
    }

    /** @return the arguments for a constructor taking each of Topics and ServletContext at most once, or null */
    private static Object[] arguments(Class<?>[] parameters, Topics topics, ServletContext context) {
        Object[] arguments = new Object[parameters.length];
        for (int i = 0; i < parameters.length; i++) {
            Object value =
                    parameters[i] == Topics.class ? topics : parameters[i] == ServletContext.class ? context : null;
            if (value == null || java.util.Arrays.asList(arguments).contains(value)) {
                return null;
            }
            arguments[i] = value;
        }
        return arguments;
    }

    // The WebSocket API is "provided" by the container; a servlet-only container has none, and then the
    // @Duplex routes are served by the fallback alone.
    private static boolean webSocketApi() {
        return present(WebSocketEndpoints.CONTAINER);
    }

    // The CDI API is the platform's, where it has one (Jakarta EE platforms such as WildFly); a servlet container has
    // none, and then the runtime creates every service itself.
    private static boolean cdiApi() {
        return present("jakarta.enterprise.inject.spi.CDI");
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, RealtimeRuntime.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError absent) {
            return false;
        }
    }

    private static void guarded(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "A periodic runtime task failed", e);
        }
    }

    private static long clamp(long value, long min, long max) {
        return Math.max(min, Math.min(max, value));
    }
}
