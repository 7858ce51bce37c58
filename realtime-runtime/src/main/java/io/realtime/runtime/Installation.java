package io.realtime.runtime;

import io.realtime.internal.Transport;
import io.realtime.internal.admin.AdminAccess;
import io.realtime.internal.admin.AdminFeed;
import io.realtime.internal.admin.AdminServlet;
import io.realtime.internal.duplex.Downstream;
import io.realtime.internal.endpoint.Routes;
import io.realtime.internal.http.ClientFiles;
import io.realtime.internal.http.HealthServlet;
import io.realtime.internal.http.HttpDispatch;
import io.realtime.internal.http.HttpTransport;
import io.realtime.internal.http.Origins;
import io.realtime.internal.http.RealtimeServlet;
import io.realtime.internal.http.Refusals;
import io.realtime.internal.limits.ClientAddresses;
import io.realtime.internal.limits.ClientQuota;
import io.realtime.internal.longpoll.PollServices;
import io.realtime.internal.longpoll.PollTransport;
import io.realtime.internal.multiplex.Multiplexes;
import io.realtime.internal.multiplex.MuxServices;
import io.realtime.internal.multiplex.SharedHttp;
import io.realtime.internal.multiplex.SubscriptionQuota;
import io.realtime.internal.outbound.Delivery;
import io.realtime.internal.outbound.OutboundServices;
import io.realtime.internal.sse.SseServices;
import io.realtime.internal.sse.SseTransport;
import io.realtime.internal.uplink.RunStop;
import io.realtime.internal.uplink.Uplink;
import io.realtime.internal.uplink.UplinkServices;
import io.realtime.internal.websocket.HandshakeFilter;
import io.realtime.internal.websocket.HandshakeGate;
import io.realtime.internal.websocket.WebSocketEndpoints;
import io.realtime.internal.websocket.WebSocketServices;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Puts a runtime's endpoints into its servlet context: gives each transport the services it uses, then registers
 * the servlet, the session listener and the WebSocket endpoints. This is the one place that reads the
 * configuration for the transports, so no transport depends on the runtime or its configuration.
 */
final class Installation {

    private static final String SERVLET = "io.realtime";
    private static final String CLIENT_SERVLET = "io.realtime.client";
    private static final String HEALTH_SERVLET = "io.realtime.health";
    private static final String ADMIN_SERVLET = "io.realtime.admin";
    private static final String ADMIN_GATE = "io.realtime.admin.gate";

    private Installation() {}

    static void install(RealtimeRuntime runtime, ServletContext context) {
        RealtimeConfig config = runtime.config();
        Routes routes = runtime.routes();
        Origins origins = new Origins(config.allowedOrigins(), config.allowedHosts());
        Refusals refusals = new Refusals(config.maxMessageSize(), config.idleTimeout(), runtime.metrics());
        OutboundServices outbound = new OutboundServices(
                runtime.writers(), runtime.connections(), config.outboundQueue(), runtime.metrics());
        Delivery delivery = new Delivery(runtime.topics(), runtime.json(), runtime.workers());
        Downstream downstream = new Downstream(runtime.json(), runtime.topics());

        Map<Transport, HttpTransport> transports = new EnumMap<>(Transport.class);
        SseTransport streams = new SseTransport(new SseServices(
                outbound,
                runtime.workers(),
                delivery,
                downstream,
                config.sseRetry().toMillis()));
        transports.put(Transport.SSE, streams);
        PollTransport polls = new PollTransport(new PollServices(
                outbound,
                runtime.workers(),
                runtime.scheduler(),
                runtime.waitingPolls(),
                runtime.topics(),
                delivery,
                runtime.json(),
                config.pollTimeout(),
                config.pollMaxEvents(),
                config.pollMaxBytes(),
                config.maxPollsPerSession(),
                config.maxPollsPerAddress(),
                config.stallTimeout()));
        transports.put(Transport.POLL, polls);
        transports.put(
                Transport.UPLINK,
                new Uplink(new UplinkServices(
                        runtime.workers(), runtime.json(), refusals, config.maxMessageSize(), config.idleTimeout())));
        Multiplexes multiplexes = new Multiplexes(new MuxServices(
                routes,
                runtime.identity(),
                delivery,
                downstream,
                runtime.json(),
                runtime.workers(),
                config.maxSubscriptionsPerConnection(),
                subscriptionQuota(config),
                streams,
                polls.shared(),
                refusals,
                config.maxMessageSize(),
                config.idleTimeout()));
        runtime.multiplexes(multiplexes);
        // The servlet's destruction stops the runtime: the first sign, on every container, that the application
        // stops (RealtimeServlet#destroy).
        HttpDispatch.Clients clients =
                new HttpDispatch.Clients(runtime.clientAddresses(), runtime.connects(), runtime.uplinks());
        HttpDispatch dispatch = new HttpDispatch(
                routes,
                origins,
                transports,
                runtime.identity(),
                refusals,
                new SharedHttp(multiplexes),
                new RunStop(runtime.workers()),
                config.maxSubscriptionsPerConnection(),
                clients,
                runtime::close);
        context.setAttribute(RealtimeServlet.DISPATCH, dispatch);
        registerServlet(context, routes);
        context.addListener(
                runtime.identity().sessionListener()); // Servlet 6.0 §4.4: an initializer may add session listeners
        if (webSocketApi()) {
            // Handshakes are judged before the container upgrades them, as every other request (HandshakeGate).
            context.setAttribute(HandshakeFilter.GATE, new HandshakeGate(origins, clients, runtime.metrics()));
            HandshakeFilter.register(context, patterns(routes)).ifPresent(problem -> {
                throw new DeploymentException(List.of(problem));
            });
            WebSocketServices webSocket = new WebSocketServices(
                    outbound,
                    runtime.workers(),
                    runtime.scheduler(),
                    runtime.json(),
                    downstream,
                    runtime.identity(),
                    origins,
                    config.inboundQueue(),
                    config.maxMessageSize(),
                    config.idleTimeout(),
                    config.heartbeat(),
                    DeploymentException::new,
                    multiplexes);
            runtime.afterClose(WebSocketEndpoints.install(
                    context, webSocket, routes.all(), () -> dispatch.offer(Transport.WEBSOCKET)));
        }
        // A whole Jetty server closes its connections before it destroys the servlet: hear its stop first.
        runtime.afterClose(JettyServerStop.install(context, runtime::close));
        EndpointLog.log(context.getContextPath(), routes);
    }

    /**
     * Serves {@code realtime.js} and {@code realtime.d.ts} (see {@link ClientFiles}), whether or not the application
     * has endpoints and whether or not its container serves the jars' {@code META-INF/resources}. A registration an
     * earlier start left (Jetty keeps them) still serves; a mapping the application made itself is left to it.
     */
    static void serveClientFiles(ServletContext context) {
        ServletRegistration.Dynamic added = context.addServlet(CLIENT_SERVLET, ClientFiles.class);
        if (added != null) {
            added.addMapping(ClientFiles.PATHS.toArray(String[]::new));
        }
    }

    /**
     * Answers readiness at {@link HealthServlet#PATH} when {@code on}: the servlet reads the runtime's health from a
     * context attribute, which this sets, or removes when off (Jetty keeps a registration across restarts).
     */
    static void serveHealth(ServletContext context, Routes routes, boolean on) {
        if (!on) {
            context.removeAttribute(HealthServlet.READINESS);
            return;
        }
        if (routes.match(HealthServlet.PATH).isPresent()) {
            throw new DeploymentException(List.of("An endpoint path matches " + HealthServlet.PATH
                    + ", where the runtime answers readiness (realtime.healthEndpoint); choose another path"
                    + " [rule: path-reserved]"));
        }
        Supplier<HealthServlet.Readiness> readiness = () -> {
            RealtimeHealth health = RealtimeHealth.of(context);
            return new HealthServlet.Readiness(health.ready(), health.toJson());
        };
        context.setAttribute(HealthServlet.READINESS, readiness);
        ServletRegistration.Dynamic added = context.addServlet(HEALTH_SERVLET, HealthServlet.class);
        if (added != null) {
            Set<String> taken = added.addMapping(HealthServlet.PATH);
            if (!taken.isEmpty()) {
                throw new DeploymentException(List.of("The health endpoint needs the servlet mapping "
                        + HealthServlet.PATH + ", which another servlet of the application already has"
                        + " [rule: path-clash]"));
            }
        }
    }

    /**
     * Serves the admin page at {@link AdminFeed#PAGE} and guards its feed at {@link AdminFeed#LIVE} when {@code access}
     * admits anyone: the servlet and the filter read who may from a context attribute, which this sets, or removes
     * when off (Jetty keeps registrations across restarts).
     */
    static void serveAdmin(ServletContext context, Routes routes, AdminAccess access) {
        if (!access.on()) {
            context.removeAttribute(AdminServlet.ACCESS);
            return;
        }
        if (routes.match(AdminFeed.PAGE).isPresent()) {
            throw new DeploymentException(List.of("An endpoint path matches " + AdminFeed.PAGE
                    + ", where the runtime serves its admin page (realtime.adminRoles); choose another path"
                    + " [rule: path-reserved]"));
        }
        context.setAttribute(AdminServlet.ACCESS, access);
        ServletRegistration.Dynamic page = context.addServlet(ADMIN_SERVLET, AdminServlet.class);
        if (page != null && !page.addMapping(AdminFeed.PAGE).isEmpty()) {
            throw new DeploymentException(List.of("The admin page needs the servlet mapping " + AdminFeed.PAGE
                    + ", which another servlet of the application already has [rule: path-clash]"));
        }
        FilterRegistration.Dynamic gate = context.addFilter(ADMIN_GATE, AdminServlet.Gate.class);
        if (gate != null) {
            gate.setAsyncSupported(true);
            gate.addMappingForUrlPatterns(null, false, AdminFeed.LIVE);
        }
    }

    /**
     * Registers the runtime's servlet, or takes back the one an earlier start of this context registered: Jetty
     * keeps servlets added while a context started when it stops (see {@link RealtimeServlet}).
     */
    // Subscriptions of shared connections, counted per cookie session and per client address where it is known (the
    // WebSocket API does not tell a handshake's peer), so that one client cannot hold everyone's readers.
    private static SubscriptionQuota subscriptionQuota(RealtimeConfig config) {
        ClientQuota quota = new ClientQuota(config.maxSubscriptionsPerSession(), config.maxSubscriptionsPerAddress());
        return client -> quota.acquire(
                client.sessionId(), client.address() == null ? null : ClientAddresses.key(client.address()));
    }

    private static void registerServlet(ServletContext context, Routes routes) {
        if (routes.match(HttpDispatch.SHARED_PATH).isPresent()) {
            throw new DeploymentException(List.of("An endpoint path matches " + HttpDispatch.SHARED_PATH
                    + ", where the runtime serves shared connections; choose another path [rule: path-reserved]"));
        }
        String[] patterns = patterns(routes).toArray(String[]::new);
        ServletRegistration.Dynamic added = context.addServlet(SERVLET, RealtimeServlet.class);
        ServletRegistration registration = added != null ? added : context.getServletRegistration(SERVLET);
        if (added != null) {
            added.setAsyncSupported(true);
            added.setLoadOnStartup(0); // find the dispatch while the context starts, not at the first request
        } else if (registration != null && RealtimeServlet.class.getName().equals(registration.getClassName())) {
            Collection<String> mapped = registration.getMappings();
            patterns = Arrays.stream(patterns)
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

    /** The paths the runtime serves: every endpoint's servlet pattern, and shared connections. */
    private static List<String> patterns(Routes routes) {
        return Stream.concat(routes.servletPatterns().stream(), Stream.of(HttpDispatch.SHARED_PATH))
                .toList();
    }

    // The WebSocket API is "provided" by the container; a servlet-only container has none, and then the
    // @Duplex routes are served by the fallback alone.
    private static boolean webSocketApi() {
        try {
            Class.forName(WebSocketEndpoints.CONTAINER, false, Installation.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError absent) {
            return false;
        }
    }
}
