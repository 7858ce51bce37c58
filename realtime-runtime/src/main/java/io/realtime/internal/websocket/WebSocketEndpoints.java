package io.realtime.internal.websocket;

import io.realtime.internal.duplex.Conversation;
import io.realtime.internal.endpoint.Kind;
import io.realtime.internal.endpoint.Route;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Serves every {@code @Duplex} route, and shared connections at {@value SharedEndpoint#PATH}, as WebSocket
 * endpoints of the container's {@link ServerContainer}, which
 * Jakarta WebSocket 2.1 §6.4 publishes as a servlet context attribute. The order in which containers run their
 * own WebSocket initializer and ours is unspecified, so when the container is not there yet the endpoints are
 * added once the context has initialised; when there is none at all, the routes are served by the fallback.
 */
public final class WebSocketEndpoints {

    /** The servlet context attribute that holds the container (Jakarta WebSocket 2.1 §6.4). */
    public static final String CONTAINER = "jakarta.websocket.server.ServerContainer";

    private static final System.Logger LOG = System.getLogger(WebSocketEndpoints.class.getName());

    private WebSocketEndpoints() {}

    /**
     * Adds the endpoints now, or after the context has initialised if the container is not there yet.
     *
     * @param routes the application's routes; those of {@code @Duplex} endpoints are served
     * @param available run once the endpoints are served, so that negotiation offers {@code websocket}
     * @return waits, up to 2 s, for the closing handshakes of the WebSockets the runtime has closed: the last step
     *     of the runtime's stop
     * @throws RuntimeException from {@link WebSocketServices#deploymentFailure()} if the container refuses an
     *     endpoint
     */
    public static Runnable install(
            ServletContext context, WebSocketServices services, List<Route> routes, Runnable available) {
        List<Route> duplex =
                routes.stream().filter(route -> route.kind() == Kind.DUPLEX).toList();
        OriginCheck check = new OriginCheck(services.origins());
        context.addListener(check);
        SocketDrain sockets = new SocketDrain();
        Handshakes handshakes = new Handshakes(check, sockets, context.getContextPath());
        if (context.getAttribute(CONTAINER) instanceof ServerContainer container) {
            register(container, services, duplex, handshakes, available);
            return sockets::awaitClosed;
        }
        context.addListener(new ServletContextListener() {
            @Override
            public void contextInitialized(ServletContextEvent event) {
                if (event.getServletContext().getAttribute(CONTAINER) instanceof ServerContainer container) {
                    register(container, services, duplex, handshakes, available);
                } else {
                    LOG.log(
                            Level.INFO,
                            "The container offers no WebSocket support in ''{0}''; @Duplex endpoints are served"
                                    + " over Server-Sent Events with POST upstream",
                            context.getContextPath());
                }
            }
        });
        return sockets::awaitClosed;
    }

    /** @return why the container refused the endpoint, if it did */
    private static Optional<String> add(
            ServerContainer container, Class<?> type, String path, DuplexConfigurator configurator) {
        ServerEndpointConfig config = ServerEndpointConfig.Builder.create(type, path)
                .subprotocols(List.of(DuplexConfigurator.SUBPROTOCOL))
                .configurator(configurator)
                .build();
        try {
            container.addEndpoint(config);
            return Optional.empty();
        } catch (jakarta.websocket.DeploymentException | RuntimeException e) {
            return Optional.of(" could not be added to the WebSocket container: " + e.getMessage()
                    + " [rule: websocket-endpoint]");
        }
    }

    /** What every route's handshakes share. */
    record Handshakes(OriginCheck origins, SocketDrain sockets, String contextPath) {}

    private static void register(
            ServerContainer container,
            WebSocketServices services,
            List<Route> routes,
            Handshakes handshakes,
            Runnable available) {
        List<String> problems = new ArrayList<>();
        for (Route route : routes) {
            Conversation conversation = new Conversation(services.json(), route);
            add(
                            container,
                            DuplexEndpoint.class,
                            route.path().toString(),
                            new DuplexConfigurator(
                                    route,
                                    handshakes,
                                    () -> new DuplexEndpoint(services, route, conversation, handshakes.sockets())))
                    .ifPresent(problem -> problems.add("@Duplex endpoint \"" + route.path() + "\"" + problem));
        }
        add(
                        container,
                        SharedEndpoint.class,
                        SharedEndpoint.PATH,
                        new DuplexConfigurator(
                                null, handshakes, () -> new SharedEndpoint(services, handshakes.sockets())))
                .ifPresent(problem ->
                        problems.add("The shared connections' endpoint \"" + SharedEndpoint.PATH + '"' + problem));
        if (!problems.isEmpty()) {
            throw services.deploymentFailure().apply(problems);
        }
        available.run();
    }
}
