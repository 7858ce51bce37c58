package io.realtime.runtime;

import io.realtime.Topics;
import io.realtime.internal.Json;
import io.realtime.internal.admin.AdminAccess;
import io.realtime.internal.admin.AdminFeed;
import io.realtime.internal.control.ControlRelay;
import io.realtime.internal.endpoint.EndpointScanner;
import io.realtime.internal.endpoint.InvalidEndpoints;
import io.realtime.internal.endpoint.Routes;
import io.realtime.internal.health.BackplaneWatch;
import io.realtime.internal.http.RealtimeServlet;
import io.realtime.internal.identity.Identity;
import io.realtime.internal.identity.Tokens;
import io.realtime.internal.limits.ClientAddresses;
import io.realtime.internal.limits.TokenBuckets;
import io.realtime.internal.longpoll.WaitingPolls;
import io.realtime.internal.metrics.MetricsRelay;
import io.realtime.internal.multiplex.Multiplexes;
import io.realtime.internal.outbound.Closing;
import io.realtime.internal.outbound.Connections;
import io.realtime.internal.presence.PresenceRegistry;
import io.realtime.internal.topic.TopicRegistry;
import io.realtime.internal.websocket.HandshakeFilter;
import io.realtime.spi.Backplane;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.lang.System.Logger.Level;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * One web application's runtime: its endpoints, topics, connections and threads, from start to stop. It builds
 * every service once and hands each transport the few it uses ({@link Installation}); nothing below this package
 * sees the runtime or its configuration.
 */
final class RealtimeRuntime implements AutoCloseable {

    /** The servlet context attribute holding the running runtime. */
    static final String ATTRIBUTE = RealtimeRuntime.class.getName();

    private static final System.Logger LOG = System.getLogger(RealtimeRuntime.class.getName());

    /** How many clients' buckets of connection attempts are kept at most (about 100 bytes each). */
    private static final int MAX_PACED_CLIENTS = 100_000;

    private final RealtimeConfig config;
    private final Json json;
    private final TopicRegistry topics;
    private final Routes routes;
    private final AdminFeed admin; // null: the admin page is off
    private final Connections connections = new Connections();
    private final WaitingPolls waitingPolls = new WaitingPolls();
    private final Identity identity;
    private final ControlRelay control;
    private final ExecutorService controlThread;
    private final ClientAddresses clientAddresses;
    private final TokenBuckets connects;
    private final TokenBuckets uplinks;
    private final Threads threads = new Threads();
    private final CountedExecutor workers;
    private final CountedExecutor writers;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService prober;
    private final BackplaneWatch backplane;
    private volatile Multiplexes multiplexes; // once installed
    private final List<Runnable> afterClose = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> ownedServices = new CopyOnWriteArrayList<>();
    private volatile boolean stopped; // close() has finished
    private final AtomicBoolean closed = new AtomicBoolean();

    private RealtimeRuntime(
            RealtimeConfig config,
            ServletContext context,
            Collection<?> services,
            Function<RealtimeConfig, TopicRegistry> topicsFor) {
        this.config = config;
        this.json = new Json(config.objectMapper());
        this.topics = topicsFor.apply(config);
        this.admin = AdminAccess.of(config.adminRoles()).on()
                ? new AdminFeed(
                        topics, () -> statsByName(stats()), config.backplane().isPresent())
                : null;
        try {
            List<Object> all = new ArrayList<>(services);
            if (admin != null) {
                all.add(admin);
            }
            this.routes = EndpointScanner.scan(
                    all, ServiceInstances.factory(config, topics, context, afterClose::add, ownedServices::add));
        } catch (InvalidEndpoints e) {
            topics.close();
            throw new DeploymentException(e.problems(), e.causes());
        } catch (RuntimeException e) {
            topics.close();
            throw e;
        }
        List<TokenKey> keys = config.tokenKeys().isEmpty() ? List.of(TokenKey.random()) : config.tokenKeys();
        Tokens tokens = new Tokens(
                keys.stream().map(key -> new Tokens.Key(key.id(), key.secret())).toList(), config.tokenLifetime());
        this.controlThread = threads.control(ControlRelay.QUEUE);
        this.identity = Identity.create(
                tokens,
                config.maxTabs(),
                config.maxTabsPerSession(),
                config.maxTabsPerAddress(),
                config.maxTabAttributes(),
                config.tabIdleTimeout().toMillis(),
                config.tabAttributesAcrossNodes() ? config.backplane().flatMap(Backplane::tabs) : Optional.empty(),
                controlThread);
        this.control = new ControlRelay(
                config.backplane().flatMap(Backplane::control), controlThread, new ControlRelay.Actions() {
                    @Override
                    public void endSession(String fingerprint) {
                        identity.endSessionElsewhere(fingerprint);
                    }

                    @Override
                    public void revoke(String fingerprint) {
                        identity.revoke(fingerprint);
                    }

                    @Override
                    public void tabChanged(String fingerprint) {
                        identity.tabChangedElsewhere(fingerprint);
                    }
                });
        identity.onSessionEnded(id -> control.sessionEnded(identity.sessionFingerprint(id)));
        identity.onTabChanged(control::tabChanged);
        this.clientAddresses = new ClientAddresses(config.trustedProxies());
        this.connects = new TokenBuckets(config.connectRate(), config.connectBurst(), MAX_PACED_CLIENTS);
        this.uplinks = new TokenBuckets(config.uplinkRate(), config.uplinkBurst(), MAX_PACED_CLIENTS);
        if (config.tokenKeys().isEmpty()) {
            LOG.log(
                    Level.INFO,
                    "Tab tokens are signed with a key generated at startup; configure realtime.tokenKeys when"
                            + " several nodes serve this application, or tabs change on every restart");
        }
        this.workers = new CountedExecutor(threads.workers(config.workerThreads()));
        this.writers = new CountedExecutor(threads.writers());
        this.scheduler = threads.scheduler();
        this.prober = threads.prober();
        this.backplane = new BackplaneWatch(topics::probeBackplane, prober);
        if (config.backplane().isPresent()) { // the in-memory one is always there
            scheduler.scheduleWithFixedDelay(() -> guarded(backplane::tick), 1, 1, TimeUnit.SECONDS);
        }
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
                () -> guarded(() -> identity.keepAlive(System.currentTimeMillis())), 1, 1, TimeUnit.SECONDS);
        long sweep = clamp(config.tabIdleTimeout().toMillis() / 4, 10, 10_000);
        scheduler.scheduleWithFixedDelay(
                () -> guarded(() -> identity.sweep(System.currentTimeMillis())), sweep, sweep, TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(
                () -> guarded(() -> {
                    connects.sweep(System.nanoTime());
                    uplinks.sweep(System.nanoTime());
                }),
                1,
                1,
                TimeUnit.SECONDS);
        long evict = clamp(config.historyMaxAge().toMillis() / 2, 100, 5000);
        scheduler.scheduleWithFixedDelay(
                () -> guarded(() -> topics.evictIdle(System.currentTimeMillis())), evict, evict, TimeUnit.MILLISECONDS);
        if (admin != null) {
            scheduler.scheduleWithFixedDelay(
                    () -> guarded(() -> admin.tick(System.currentTimeMillis())),
                    AdminFeed.PERIOD_MILLIS,
                    AdminFeed.PERIOD_MILLIS,
                    TimeUnit.MILLISECONDS);
        }
        long presence = PresenceRegistry.TICK_MILLIS;
        scheduler.scheduleWithFixedDelay(
                () -> guarded(() -> topics.presence().tick(System.currentTimeMillis())),
                presence,
                presence,
                TimeUnit.MILLISECONDS);
    }

    /**
     * Starts a runtime in a servlet context: reads {@code realtime.*} context parameters over {@code config},
     * validates the services, registers the servlet, and stops everything when the context is destroyed.
     * Call from {@code ServletContainerInitializer#onStartup}.
     *
     * @throws DeploymentException if an endpoint is invalid, a mapping is taken, or it already runs here
     */
    static RealtimeRuntime start(ServletContext context, RealtimeConfig config, Collection<?> services) {
        return start(context, config, services, RealtimeRuntime::newTopics);
    }

    /**
     * Starts a runtime as {@link #start(ServletContext, RealtimeConfig, Collection)} does, with the topics
     * {@code topics} gives for the effective settings: topics made before the runtime, which services received.
     *
     * @throws DeploymentException if an endpoint is invalid, a mapping is taken, it already runs here, or the
     *     topics refuse the settings
     */
    static RealtimeRuntime start(
            ServletContext context,
            RealtimeConfig config,
            Collection<?> services,
            Function<RealtimeConfig, TopicRegistry> topics) {
        try {
            return startOrRefuse(context, config, services, topics);
        } catch (DeploymentException e) {
            // The container logs the exception as well, but Jetty writes a message's lines as one, joined by '|',
            // and Tomcat after its own stack: one record per problem reads the same on every container.
            LOG.log(
                    Level.ERROR,
                    "The realtime runtime does not start in ''{0}'': {1} problem(s), one per line below",
                    context.getContextPath(),
                    e.problems().size());
            e.problems().forEach(problem -> LOG.log(Level.ERROR, "  {0}", problem));
            throw e;
        }
    }

    private static RealtimeRuntime startOrRefuse(
            ServletContext context,
            RealtimeConfig config,
            Collection<?> services,
            Function<RealtimeConfig, TopicRegistry> topics) {
        if (context.getAttribute(ATTRIBUTE) != null) {
            throw new DeploymentException(List.of("The realtime runtime is already running in servlet context '"
                    + context.getContextPath() + "'; register services once, either by scanning or programmatically"));
        }
        RealtimeConfig effective;
        try {
            effective =
                    config.withParameters(Collections.list(context.getInitParameterNames()), context::getInitParameter);
        } catch (IllegalArgumentException e) {
            throw new DeploymentException(List.of(e.getMessage()));
        }
        RealtimeRuntime runtime = new RealtimeRuntime(effective, context, services, topics);
        try {
            runtime.install(context);
        } catch (RuntimeException e) {
            context.removeAttribute(RealtimeServlet.DISPATCH);
            context.removeAttribute(HandshakeFilter.GATE);
            runtime.close();
            throw e;
        }
        LOG.log(Level.INFO, "The realtime runtime in ''{0}'' runs with {1}", context.getContextPath(), effective);
        return runtime;
    }

    private void install(ServletContext context) {
        control.start(scheduler); // before the first connection, so that no session's end elsewhere is missed
        if (!routes.all().isEmpty()) {
            Installation.install(this, context);
        }
        Installation.serveClientFiles(context);
        Installation.serveHealth(context, routes, config.healthEndpoint());
        Installation.serveAdmin(context, routes, AdminAccess.of(config.adminRoles()));
        context.setAttribute(Topics.class.getName(), topics);
        context.setAttribute(ATTRIBUTE, this);
        context.addListener(new ServletContextListener() {
            @Override
            public void contextDestroyed(ServletContextEvent event) {
                event.getServletContext().removeAttribute(RealtimeServlet.DISPATCH);
                event.getServletContext().removeAttribute(HandshakeFilter.GATE);
                event.getServletContext().removeAttribute(ATTRIBUTE);
                event.getServletContext().removeAttribute(Topics.class.getName());
                close();
            }
        });
    }

    /** The topics of a runtime started without any made before it: a new registry for these settings. */
    static TopicRegistry newTopics(RealtimeConfig config) {
        return new TopicRegistry(
                config.backplane(),
                new Json(config.objectMapper()),
                config.historyMaxEvents(),
                config.historyMaxAge().toMillis(),
                config.maxTopics(),
                config.presenceListLimit(),
                config.presenceGrace().toMillis(),
                config.runMaxEvents(),
                config.runMaxAge().toMillis());
    }

    /** See {@link Realtime#revokeTab}. */
    int revokeTab(String tabId) {
        String fingerprint = identity.tabFingerprint(tabId);
        control.tabRevoked(fingerprint);
        return identity.revoke(fingerprint);
    }

    /** See {@link Realtime#revokeUser}. */
    int revokeUser(String userName) {
        String fingerprint = identity.userFingerprint(userName);
        control.userRevoked(fingerprint);
        return identity.revoke(fingerprint);
    }

    RealtimeConfig config() {
        return config;
    }

    Json json() {
        return json;
    }

    TopicRegistry topics() {
        return topics;
    }

    Routes routes() {
        return routes;
    }

    Connections connections() {
        return connections;
    }

    /** @return where the runtime reports what it does; reports nothing until a registry is bound */
    MetricsRelay metrics() {
        return topics.metrics();
    }

    WaitingPolls waitingPolls() {
        return waitingPolls;
    }

    /** @return where application methods run; may refuse work when saturated (then answer 503) */
    ExecutorService workers() {
        return workers;
    }

    /** @return where connections drain */
    ExecutorService writers() {
        return writers;
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /** @return tells each client's address behind trusted proxies */
    ClientAddresses clientAddresses() {
        return clientAddresses;
    }

    /** @return each client address's bucket of connection attempts */
    TokenBuckets connects() {
        return connects;
    }

    /** @return each client address's bucket of uplink requests */
    TokenBuckets uplinks() {
        return uplinks;
    }

    /** @return who is on the other end of each request and connection */
    Identity identity() {
        return identity;
    }

    /** Keeps the shared connections the installation made, for the statistics. */
    void multiplexes(Multiplexes installed) {
        multiplexes = installed;
    }

    RealtimeStats stats() {
        Multiplexes shared = multiplexes;
        return new RealtimeStats(
                connections.size(),
                topics.subscriptions(),
                topics.size(),
                connections.queuedMessages(),
                workers.pending() + writers.pending(),
                waitingPolls.size(),
                identity.tabs(),
                identity.httpSessions(),
                shared == null ? 0 : shared.subscriptions());
    }

    /** @return the statistics by the names of their components, for the admin page, which must not see this package */
    private static Map<String, Integer> statsByName(RealtimeStats stats) {
        Map<String, Integer> named = new LinkedHashMap<>();
        for (RecordComponent component : RealtimeStats.class.getRecordComponents()) {
            try {
                named.put(component.getName(), (Integer) component.getAccessor().invoke(stats));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return named;
    }

    /** @return whether the runtime runs, drains or has stopped, and whether its backplane answered its last probe */
    RealtimeHealth health() {
        if (stopped) { // by Realtime.stop(context), which leaves the runtime in its context until the context ends
            return new RealtimeHealth(RealtimeHealth.State.STOPPED, false);
        }
        return new RealtimeHealth(
                closed.get() ? RealtimeHealth.State.DRAINING : RealtimeHealth.State.RUNNING, backplane.reachable());
    }

    /**
     * Adds a last step to {@link #close()}, such as waiting for WebSocket closing handshakes.
     *
     * @param step bounded; runs on the thread that stops the application
     */
    void afterClose(Runnable step) {
        afterClose.add(step);
    }

    /**
     * Stops: tells every client to reconnect later, waits briefly for those messages to leave, then closes
     * what remains and stops every thread the runtime started. Idempotent: only the first call does anything.
     * Called as soon as the application stops: when a whole Jetty server starts to stop ({@link JettyServerStop}),
     * when the runtime's servlet is destroyed (see {@code RealtimeServlet#destroy()}), or when the context is,
     * whichever comes first.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        LOG.log(Level.DEBUG, "The realtime runtime drains: {0} connection(s) told to reconnect", connections.size());
        // The application's services stop producing first (their timers and threads, joined in their close), so
        // that the goodbyes below are the last thing clients receive and nothing outlives the application.
        for (AutoCloseable service : ownedServices) {
            try {
                service.close();
            } catch (Exception | LinkageError e) {
                LOG.log(
                        Level.WARNING,
                        "Closing the service " + service.getClass().getName() + " failed",
                        e);
            }
        }
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
        control.close();
        controlThread.shutdownNow();
        scheduler.shutdownNow();
        prober.shutdownNow();
        writers.shutdown();
        workers.shutdownNow();
        try {
            writers.awaitTermination(2, TimeUnit.SECONDS);
            workers.awaitTermination(2, TimeUnit.SECONDS);
            scheduler.awaitTermination(2, TimeUnit.SECONDS);
            prober.awaitTermination(2, TimeUnit.SECONDS);
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
        // After the last tick, before the backplane closes: this node's members leave the shared rooms now, as
        // the node stops normally, rather than after the backplane's presence TTL.
        guarded(() -> topics.presence().leaveAll(System.currentTimeMillis()));
        topics.close();
        for (Runnable step : afterClose) {
            guarded(step);
        }
        stopped = true;
        LOG.log(Level.DEBUG, "The realtime runtime stopped");
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
