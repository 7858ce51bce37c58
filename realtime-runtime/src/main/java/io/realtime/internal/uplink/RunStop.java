package io.realtime.internal.uplink;

import io.realtime.Run;
import io.realtime.internal.Failure;
import io.realtime.internal.endpoint.Call;
import io.realtime.internal.endpoint.Endpoint;
import io.realtime.internal.endpoint.Routes;
import io.realtime.internal.http.HttpErrors;
import io.realtime.internal.http.HttpTransport;
import io.realtime.internal.identity.Tab;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * {@code DELETE <path>} on an endpoint whose method returns a {@link Run}: the client stops the run it follows
 * (docs/protocol.md, "Runs"). The method runs again, as it does for every attach, so it decides which run this
 * client may stop, and may refuse; then the run is stopped from this node, and its producer's sink closes wherever
 * it runs. Like an uplink {@code POST}, the request needs {@code Realtime-Uplink: 1}, which a browser cannot send
 * cross-site without a preflight the runtime never grants; the servlet has already applied the same-origin rule.
 *
 * <p>Threading: served on a container thread, which it hands to a worker at once, as the method may block.
 */
public final class RunStop implements HttpTransport {

    private final Executor workers;

    /** @param workers where application methods run */
    public RunStop(Executor workers) {
        this.workers = workers;
    }

    /** @return whether {@code endpoint} serves a run, so that a {@code DELETE} on its path stops it */
    public static boolean serves(Endpoint endpoint) {
        return endpoint != null && endpoint.returnsRun();
    }

    @Override
    public void serve(HttpServletRequest request, HttpServletResponse response, Routes.Match match, Tab tab)
            throws IOException {
        response.setHeader("Cache-Control", "no-store");
        if (!"1".equals(request.getHeader(Uplink.HEADER))) {
            HttpErrors.send(response, 403, "uplink_refused", "A DELETE needs the header " + Uplink.HEADER + ": 1");
            return;
        }
        Endpoint endpoint = match.route().main();
        if (endpoint.requiresPrincipal() && tab.user().isEmpty()) {
            HttpErrors.send(response, 401, "unauthenticated", "This endpoint requires an authenticated user");
            return;
        }
        AsyncContext async = request.startAsync();
        try {
            workers.execute(() -> stop(endpoint, new Call(match.parameters(), tab), async));
        } catch (RejectedExecutionException saturated) {
            response.setHeader("Retry-After", "1");
            HttpErrors.send(response, 503, "overloaded", "The server has no capacity left now");
            async.complete();
        }
    }

    private static void stop(Endpoint endpoint, Call call, AsyncContext async) {
        HttpServletResponse response = (HttpServletResponse) async.getResponse();
        try {
            Object run = endpoint.invoke(call);
            if (run == null) {
                throw new NullPointerException("the method returned null instead of a Run");
            }
            ((Run<?>) run).stop();
            response.setStatus(204);
        } catch (Exception | Error failure) {
            HttpErrors.send(response, Failure.of(failure, endpoint));
        } finally {
            async.complete();
        }
    }
}
