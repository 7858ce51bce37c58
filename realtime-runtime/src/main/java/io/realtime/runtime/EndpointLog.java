package io.realtime.runtime;

import io.realtime.internal.Transport;
import io.realtime.internal.endpoint.Endpoint;
import io.realtime.internal.endpoint.Route;
import io.realtime.internal.endpoint.Routes;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One INFO line per endpoint as the runtime starts: its annotation and path, the methods behind it and the
 * transports it serves, so that the log shows what the application offers without a request. Logged under the
 * runtime's logger, {@code io.realtime.runtime.RealtimeRuntime}, with the settings' summary.
 */
final class EndpointLog {

    private static final System.Logger LOG = System.getLogger(RealtimeRuntime.class.getName());

    private EndpointLog() {}

    /**
     * Logs the endpoints. A container without WebSocket support is reported when that is known, as the context
     * starts, and its {@code @Duplex} endpoints then use their other transports (WebSocketEndpoints).
     *
     * @param contextPath the application's context path
     */
    static void log(String contextPath, Routes routes) {
        for (Route route : routes.all()) {
            LOG.log(Level.INFO, line(contextPath, route));
        }
    }

    private static String line(String contextPath, Route route) {
        String methods = Stream.of(route.main(), route.onMessage())
                .filter(Objects::nonNull)
                .map(Endpoint::describe)
                .collect(Collectors.joining(", "));
        List<String> transports =
                route.kind().transports().stream().map(Transport::wireName).toList();
        return route.kind().display() + " " + route.path() + " in '" + contextPath + "': " + methods + ", over "
                + String.join(", ", transports);
    }
}
