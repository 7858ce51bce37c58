package io.realtime.internal.endpoint;

/**
 * Everything served at one path. {@code @Push} and {@code @Stream} routes have one endpoint; a {@code @Duplex}
 * route has a connection method, a message method, or both.
 *
 * @param path the path template
 * @param kind the kind
 * @param main the endpoint for {@code @Push} and {@code @Stream}, the connection method for {@code @Duplex}
 *     (may then be {@code null})
 * @param onMessage the message method of a {@code @Duplex} route, or {@code null}
 */
public record Route(PathTemplate path, Kind kind, Endpoint main, Endpoint onMessage) {}
