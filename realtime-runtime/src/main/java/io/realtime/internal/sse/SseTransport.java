package io.realtime.internal.sse;

import io.realtime.internal.Failure;
import io.realtime.internal.endpoint.Call;
import io.realtime.internal.endpoint.Endpoint;
import io.realtime.internal.endpoint.Kind;
import io.realtime.internal.endpoint.Route;
import io.realtime.internal.endpoint.Routes;
import io.realtime.internal.endpoint.Shape;
import io.realtime.internal.http.HttpDispatch;
import io.realtime.internal.http.HttpErrors;
import io.realtime.internal.http.HttpTransport;
import io.realtime.internal.identity.Tab;
import io.realtime.internal.outbound.Closing;
import io.realtime.internal.outbound.Outbound;
import io.realtime.internal.topic.Cursor;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.System.Logger.Level;
import java.util.concurrent.RejectedExecutionException;

/**
 * Serves {@code @Stream} endpoints as Server-Sent Events, and {@code @Push} and {@code @Duplex} ones when asked
 * (for {@code @Duplex}, the downstream half of the fallback). The container thread only starts
 * async mode; the method runs on a worker; the response is committed only once the method has accepted the
 * client, so a method that refuses answers with a plain HTTP error (docs/protocol.md, "Server-Sent Events").
 */
public final class SseTransport implements HttpTransport {

    private static final System.Logger LOG = System.getLogger(SseTransport.class.getName());

    private final SseServices services;

    public SseTransport(SseServices services) {
        this.services = services;
    }

    @Override
    public void serve(HttpServletRequest request, HttpServletResponse response, Routes.Match match, Tab tab) {
        Route route = match.route();
        Endpoint endpoint = route.main();
        if (endpoint != null && endpoint.requiresPrincipal() && tab.user().isEmpty()) {
            HttpErrors.send(
                    services.outbound().metrics(),
                    response,
                    401,
                    "unauthenticated",
                    "This endpoint requires an authenticated user");
            return;
        }
        String lastEventId = Cursor.given(request.getHeader("Last-Event-ID"));
        if (lastEventId == null) {
            lastEventId = Cursor.given(request.getParameter("lastEventId"));
        }
        AsyncContext async = request.startAsync();
        async.setTimeout(0); // heartbeats and the stall timeout decide when a stream ends, not the container
        SseConnection connection =
                new SseConnection(services.outbound(), route.path().toString(), async, services.retryMillis(), null);
        async.addListener(connection);
        Runnable release = tab.hold(() -> connection.close(Closing.SESSION_ENDED));
        connection.onClose(release);
        Call call = new Call(match.parameters(), tab);
        String cursor = lastEventId;
        try {
            services.workers().execute(() -> invoke(route, call, connection, cursor, release, response, async));
        } catch (RejectedExecutionException saturated) {
            connection.refuse();
            release.run();
            response.setHeader("Retry-After", "1");
            HttpErrors.send(
                    services.outbound().metrics(), response, 503, "overloaded", "The server is busy; retry shortly");
            async.complete();
        }
    }

    /**
     * A stream that carries a shared connection (docs/protocol.md, "Over Server-Sent Events"), on a request already
     * in asynchronous mode without a timeout; it announces {@code name} after its preamble once opened.
     *
     * @return the stream, not yet open
     */
    public Outbound sharedStream(AsyncContext async, String name) {
        SseConnection connection =
                new SseConnection(services.outbound(), HttpDispatch.SHARED_PATH, async, services.retryMillis(), name);
        async.addListener(connection);
        return connection;
    }

    private void invoke(
            Route route,
            Call call,
            SseConnection connection,
            String lastEventId,
            Runnable release,
            HttpServletResponse response,
            AsyncContext async) {
        Endpoint endpoint = route.main();
        try {
            if (route.kind() == Kind.DUPLEX) {
                services.downstream().start(route, call, connection, lastEventId);
                return;
            }
            if (endpoint.shape() == Shape.SINK) {
                call.sink(services.delivery().sink(connection));
            }
            Object result = endpoint.invoke(call);
            services.delivery().start(endpoint.shape(), result, connection, lastEventId);
        } catch (Exception | Error failure) {
            if (connection.refuse()) {
                release.run();
                HttpErrors.send(
                        services.outbound().metrics(),
                        response,
                        Failure.of(failure, endpoint != null ? endpoint : route));
                async.complete();
            } else {
                LOG.log(Level.WARNING, "Endpoint " + route + " failed after its stream opened", failure);
                connection.close(Closing.FAILED);
            }
        }
    }
}
