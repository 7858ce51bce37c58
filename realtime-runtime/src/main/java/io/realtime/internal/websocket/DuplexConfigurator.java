package io.realtime.internal.websocket;

import io.realtime.internal.endpoint.Route;
import io.realtime.internal.http.RequestPaths;
import io.realtime.internal.identity.Handshake;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The container's hooks into the handshake of one {@code @Duplex} route, or of shared connections: the origin rule
 * (refused with {@code 403} before the upgrade), the {@code realtime.v1} subprotocol, and a copy of what the
 * handshake carried (principal, cookie session, cookies, headers, the tab token), handed to the connection through
 * the per-connection user properties (Jakarta WebSocket 2.1 §3.1.1, §4.1).
 */
final class DuplexConfigurator extends ServerEndpointConfig.Configurator {

    static final String SUBPROTOCOL = "realtime.v1";
    static final String HANDSHAKE = Handshake.class.getName();
    static final String PATH_PARAMETERS = DuplexConfigurator.class.getName() + ".path";

    private final Route route;
    private final WebSocketEndpoints.Handshakes shared;
    private final Supplier<SocketEndpoint> endpoints;

    /**
     * @param route the route whose handshakes these are, or {@code null} for shared connections, which have no path
     *     parameters
     * @param endpoints makes the endpoint of each connection
     */
    DuplexConfigurator(Route route, WebSocketEndpoints.Handshakes shared, Supplier<SocketEndpoint> endpoints) {
        this.route = route;
        this.shared = shared;
        this.endpoints = endpoints;
    }

    @Override
    public boolean checkOrigin(String originHeaderValue) {
        return shared.origins().allows(originHeaderValue);
    }

    /**
     * Selects {@code realtime.v1}, never the {@code realtime.token.*} the client may offer beside it: that one only
     * carries the tab token, which must not travel back nor be seen as the connection's protocol.
     */
    @Override
    public String getNegotiatedSubprotocol(List<String> supported, List<String> requested) {
        return requested.contains(SUBPROTOCOL) ? SUBPROTOCOL : "";
    }

    @Override
    public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
        config.getUserProperties().put(HANDSHAKE, Handshake.of(request, HandshakeGate.address()));
        // Decoded by the same rules as HTTP requests, so that a parameter means the same on every container.
        String path = request.getRequestURI().getRawPath();
        if (route == null) {
            config.getUserProperties().put(PATH_PARAMETERS, Map.of());
        } else if (path != null && path.startsWith(shared.contextPath())) {
            route.path()
                    .match(RequestPaths.withoutParameters(
                            path.substring(shared.contextPath().length())))
                    .ifPresent(parameters -> config.getUserProperties().put(PATH_PARAMETERS, parameters));
        }
    }

    @Override
    public <T> T getEndpointInstance(Class<T> endpointClass) {
        return endpointClass.cast(endpoints.get());
    }

    @SuppressWarnings("unchecked")
    static Map<String, String> pathParameters(Map<String, Object> userProperties) {
        return (Map<String, String>) userProperties.get(PATH_PARAMETERS);
    }
}
