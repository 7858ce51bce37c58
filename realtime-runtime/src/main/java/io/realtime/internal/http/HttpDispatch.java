package io.realtime.internal.http;

import io.realtime.internal.Failure;
import io.realtime.internal.Transport;
import io.realtime.internal.endpoint.Kind;
import io.realtime.internal.endpoint.Routes;
import io.realtime.internal.identity.BrowserCookie;
import io.realtime.internal.identity.Handshake;
import io.realtime.internal.identity.Identity;
import io.realtime.internal.limits.ClientAddresses;
import io.realtime.internal.limits.TokenBuckets;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the runtime's servlet does with a request: it routes by path, checks the origin, answers negotiation,
 * admits the client's identity, and hands each GET to the transport it asked for (docs/protocol.md, "Choosing a
 * transport" and "Identity"). Refusals go through {@link Refusals}, as a refused {@code POST} may still be
 * sending its body. One per running
 * runtime; {@link RealtimeServlet} finds it in the servlet context and hands it every request. It is a servlet
 * itself only so that the container's own {@code Servlet} type carries it from one to the other, which works even
 * when they come from different class loaders (see {@link RealtimeServlet}); no container initialises it.
 */
public final class HttpDispatch extends HttpServlet {

    /** The refusal of a session id carried in the URL rather than the cookie. */
    public static final String SESSION_IN_URL = "Session ids are accepted from the cookie only";

    private static final long serialVersionUID = 1L;

    /** The media type of negotiation requests and answers. */
    public static final String NEGOTIATE = "application/realtime-negotiate+json";

    /** Where shared connections live, relative to the context (docs/protocol.md, "Shared connections"). */
    public static final String SHARED_PATH = "/realtime/mux";

    private final transient Routes routes;
    private final transient Origins origins;
    private final transient Map<Transport, HttpTransport> transports;
    private final transient Negotiation negotiation;
    private final transient Identity identity;
    private final transient Refusals refusals;
    private final transient HttpTransport shared;
    private final transient HttpTransport runStop;
    private final int maxSubscriptions;
    private final transient Clients clients;
    private final transient Runnable stop;

    /**
     * What tells clients apart and paces each one (docs/security.md, "Limits").
     *
     * @param addresses tells a client's address behind trusted proxies
     * @param connects each client address's bucket of connection attempts: negotiations, streams, polls and WebSocket
     *     handshakes
     * @param uplinks each client address's bucket of uplink requests: {@code POST} messages, run stops and the
     *     control {@code POST}s of shared connections
     */
    public record Clients(ClientAddresses addresses, TokenBuckets connects, TokenBuckets uplinks) {

        /** The answer to a client past its connection attempts, with the {@code Retry-After} {@link #pace} set. */
        public static final Failure TOO_MANY =
                new Failure(429, "too_many_requests", "Too many connection attempts from this client");

        /** The answer to a client past its uplink requests, with the {@code Retry-After} {@link #pace} set. */
        public static final Failure TOO_MANY_UPLINKS =
                new Failure(429, "too_many_requests", "Too many messages from this client; send again later");

        /**
         * Takes a token from the bucket of the client's address; when there is none, sets {@code Retry-After} to the
         * seconds until there is one, and the caller answers {@link #TOO_MANY}: one client that connects too often
         * is refused alone (docs/security.md, "Limits").
         *
         * @param address the client's address, as {@link ClientAddresses#of} tells it
         * @param response the response to the attempt
         * @return whether the attempt goes on
         */
        public boolean pace(String address, HttpServletResponse response) {
            return pace(connects, address, response);
        }

        /**
         * As {@link #pace}, from the bucket of uplink requests; the caller answers {@link #TOO_MANY_UPLINKS}.
         *
         * @param address the client's address, as {@link ClientAddresses#of} tells it
         * @param response the response to the request
         * @return whether the request goes on
         */
        public boolean paceUplink(String address, HttpServletResponse response) {
            return pace(uplinks, address, response);
        }

        private static boolean pace(TokenBuckets buckets, String address, HttpServletResponse response) {
            long waitMillis = buckets.take(ClientAddresses.key(address), System.nanoTime());
            if (waitMillis == 0) {
                return true;
            }
            response.setHeader("Retry-After", Long.toString(Math.max(1, (waitMillis + 999) / 1000)));
            return false;
        }
    }

    /**
     * @param shared serves the requests of shared connections at {@link #SHARED_PATH}
     * @param runStop serves a {@code DELETE} on the path of an endpoint that returns a run: the client stops it
     * @param maxSubscriptions how many subscriptions one shared connection carries, as negotiation tells
     * @param clients tells clients apart and paces their connection attempts
     * @param stop stops the runtime; run when the servlet is destroyed (see {@link RealtimeServlet#destroy()})
     */
    public HttpDispatch(
            Routes routes,
            Origins origins,
            Map<Transport, HttpTransport> transports,
            Identity identity,
            Refusals refusals,
            HttpTransport shared,
            HttpTransport runStop,
            int maxSubscriptions,
            Clients clients,
            Runnable stop) {
        this.routes = routes;
        this.origins = origins;
        this.transports = Map.copyOf(transports);
        this.negotiation = new Negotiation(transports.keySet());
        this.identity = identity;
        this.refusals = refusals;
        this.shared = shared;
        this.runStop = runStop;
        this.maxSubscriptions = maxSubscriptions;
        this.clients = clients;
        this.stop = stop;
    }

    /** The runtime's servlet is being destroyed: the application is stopping. */
    @Override
    public void destroy() {
        stop.run();
    }

    /**
     * Offers one more transport in negotiation, once it serves: WebSocket endpoints may be added only after the
     * servlet exists.
     *
     * @param transport the transport
     */
    public void offer(Transport transport) {
        negotiation.offer(transport);
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = RequestPaths.contextRelative(request);
        if (path.equals(SHARED_PATH)) {
            serveShared(request, response);
            return;
        }
        Optional<Routes.Match> found = routes.match(path);
        if (found.isEmpty()) {
            refuse(request, response, 404, "not_found", "No realtime endpoint at this path");
            return;
        }
        Routes.Match match = found.get();
        if (!origins.allows(
                request.getHeader("Origin"), request.getHeader("Sec-Fetch-Site"), request.getHeader("Host"))) {
            refuse(request, response, 403, "origin_refused", "Cross-origin requests to this endpoint are refused");
            return;
        }
        if (Handshake.namesItsSessionInItsUrl(request)) {
            refuse(request, response, 400, "bad_request", SESSION_IN_URL);
            return;
        }
        Cors.decorate(origins, request, response);
        if (Cors.isPreflight(request) && origins.corsOrigin(request.getHeader("Origin")) != null) {
            Cors.preflight(response, allowed(match));
            return;
        }
        switch (request.getMethod()) {
            case "GET" -> get(request, response, match);
            case "POST" -> post(request, response, match);
            case "DELETE" -> delete(request, response, match);
            default -> {
                response.setHeader("Allow", allowed(match));
                refuse(request, response, 405, "method_not_allowed", request.getMethod() + " is not supported here");
            }
        }
    }

    /**
     * Shared connections: negotiation by {@code GET}, every other request by {@code POST} (docs/protocol.md, "Shared
     * connections"); a WebSocket upgrade reaches this servlet only when the container has no WebSocket support.
     */
    private void serveShared(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!origins.allows(
                request.getHeader("Origin"), request.getHeader("Sec-Fetch-Site"), request.getHeader("Host"))) {
            refuse(request, response, 403, "origin_refused", "Cross-origin requests to this endpoint are refused");
            return;
        }
        if (Handshake.namesItsSessionInItsUrl(request)) {
            refuse(request, response, 400, "bad_request", SESSION_IN_URL);
            return;
        }
        Cors.decorate(origins, request, response);
        if (Cors.isPreflight(request) && origins.corsOrigin(request.getHeader("Origin")) != null) {
            Cors.preflight(response, "GET, POST");
            return;
        }
        boolean get = request.getMethod().equals("GET");
        if (get && "websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
            HttpErrors.send(
                    refusals.metrics(),
                    response,
                    400,
                    "unsupported_transport",
                    "WebSocket is not available on this server");
        } else if (get
                && String.valueOf(request.getHeader("Accept"))
                        .toLowerCase(Locale.ROOT)
                        .contains(NEGOTIATE)) {
            Handshake handshake = Handshake.of(request, clients.addresses());
            if (paced(request, response, handshake)) {
                negotiation.answerShared(response, maxSubscriptions, issue(request, response, handshake));
            }
        } else if (request.getMethod().equals("POST")) {
            Handshake handshake = Handshake.of(request, clients.addresses());
            // A stream's opening is a connection attempt; polls are bounded by the polls a client may hold at once;
            // the other POSTs, which change the subscriptions, are uplinks.
            boolean stream = String.valueOf(request.getHeader("Accept"))
                    .toLowerCase(Locale.ROOT)
                    .contains("text/event-stream");
            if (stream
                    ? paced(request, response, handshake)
                    : isPoll(request) || pacedUplink(request, response, handshake)) {
                admit(shared, request, response, null, handshake);
            }
        } else {
            response.setHeader("Allow", "GET, POST");
            refuse(
                    request,
                    response,
                    405,
                    "method_not_allowed",
                    "Shared connections are negotiated by GET and" + " carried by POST");
        }
    }

    private void get(HttpServletRequest request, HttpServletResponse response, Routes.Match match) throws IOException {
        if ("websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
            // The container's WebSocket support would have taken it before this servlet: it has none here.
            HttpErrors.send(
                    refusals.metrics(),
                    response,
                    400,
                    "unsupported_transport",
                    "WebSocket is not available at this endpoint; it offers "
                            + negotiation.transports(match.route().kind()));
            return;
        }
        String accept = String.valueOf(request.getHeader("Accept")).toLowerCase(Locale.ROOT);
        Handshake handshake = Handshake.of(request, clients.addresses());
        if (accept.contains(NEGOTIATE)) {
            if (paced(request, response, handshake)) {
                negotiation.answer(response, match, issue(request, response, handshake));
            }
            return;
        }
        Kind kind = match.route().kind();
        String requested = request.getParameter("transport");
        Optional<Transport> transport = requested != null
                ? Transport.ofWireName(requested)
                : Optional.of(
                        accept.contains("text/event-stream")
                                ? Transport.SSE
                                : kind == Kind.PUSH ? Transport.POLL : Transport.SSE);
        HttpTransport handler = transport
                .filter(kind.transports()::contains)
                .map(transports::get)
                .orElse(null);
        if (handler == null) {
            HttpErrors.send(
                    refusals.metrics(),
                    response,
                    400,
                    "unsupported_transport",
                    "Transport '"
                            + (requested != null ? requested : transport.get().wireName())
                            + "' is not available at this " + kind.display() + " endpoint; it offers "
                            + negotiation.transports(kind));
            return;
        }
        if (continues(transport.get(), request) || paced(request, response, handshake)) {
            admit(handler, request, response, match, handshake);
        }
    }

    /**
     * Whether the request is the next poll of a client already reading: a poll with a cursor. It takes no token, or a
     * client reading a busy topic, one poll per batch, would be refused as if it were reconnecting; the polls a client
     * holds at once are bounded per cookie session and per address instead.
     */
    private static boolean continues(Transport transport, HttpServletRequest request) {
        String cursor = request.getParameter("cursor");
        return transport == Transport.POLL && cursor != null && !cursor.isEmpty();
    }

    /**
     * Takes a token from the bucket of the client's address, or refuses the request with the time until the next
     * one (docs/security.md, "Limits"): one client that connects too often is refused alone.
     *
     * @return whether the request goes on
     */
    private boolean paced(HttpServletRequest request, HttpServletResponse response, Handshake handshake)
            throws IOException {
        if (clients.pace(handshake.address(), response)) {
            return true;
        }
        refusals.metrics().rateLimited("connectRate");
        refusals.answer(request, response, Clients.TOO_MANY);
        return false;
    }

    /** As {@link #paced}, for uplink requests, from their own bucket. */
    private boolean pacedUplink(HttpServletRequest request, HttpServletResponse response, Handshake handshake)
            throws IOException {
        if (clients.paceUplink(handshake.address(), response)) {
            return true;
        }
        refusals.metrics().rateLimited("uplinkRate");
        refusals.answer(request, response, Clients.TOO_MANY_UPLINKS);
        return false;
    }

    private static boolean isPoll(HttpServletRequest request) {
        return "poll".equals(request.getParameter("transport"));
    }

    /**
     * Issues the tab token of a negotiation, and sets the browser cookie it is bound to when the client had neither
     * that nor a cookie session (docs/protocol.md, "Identity"). A page of another origin gets a token bound to nothing
     * instead, as its browser client sends no cookies back (docs/security.md, "Tab tokens").
     */
    private Identity.Issued issue(HttpServletRequest request, HttpServletResponse response, Handshake handshake) {
        Identity.Issued issued =
                identity.issue(handshake, !origins.foreign(request.getHeader("Origin"), request.getHeader("Host")));
        if (issued.browser() != null) {
            // Behind a TLS-terminating proxy the request arrives as http; a trusted proxy says what the client used.
            boolean secure = clients.addresses()
                    .secure(
                            request.isSecure(),
                            request.getRemoteAddr(),
                            joined(request, "Forwarded"),
                            joined(request, "X-Forwarded-Proto"));
            response.addHeader("Set-Cookie", BrowserCookie.header(issued.browser(), secure, request.getContextPath()));
        }
        return issued;
    }

    // Every line of a header joined with commas, or null: a proxy may add a line rather than extend the first.
    private static String joined(HttpServletRequest request, String name) {
        List<String> lines = Collections.list(request.getHeaders(name));
        return lines.isEmpty() ? null : String.join(", ", lines);
    }

    /** Serves the request as the identity it presents, or refuses it (docs/protocol.md, "Identity"). */
    private void admit(
            HttpTransport handler,
            HttpServletRequest request,
            HttpServletResponse response,
            Routes.Match match,
            Handshake handshake)
            throws IOException {
        Identity.Admission admission =
                identity.admit(handshake, request.getMethod() + ' ' + RequestPaths.contextRelative(request));
        if (admission instanceof Identity.Refused refused) {
            if (refused.status() == 503 || refused.status() == 429) {
                response.setHeader("Retry-After", "1");
            }
            refuse(request, response, refused.status(), refused.code(), refused.message());
            return;
        }
        handler.serve(request, response, match, ((Identity.Admitted) admission).tab());
    }

    private void post(HttpServletRequest request, HttpServletResponse response, Routes.Match match) throws IOException {
        HttpTransport uplink = match.route().kind() == Kind.DUPLEX ? transports.get(Transport.UPLINK) : null;
        if (uplink == null) {
            response.setHeader("Allow", "GET");
            refuse(request, response, 405, "method_not_allowed", "POST is only accepted by @Duplex endpoints");
            return;
        }
        Handshake handshake = Handshake.of(request, clients.addresses());
        if (pacedUplink(request, response, handshake)) {
            admit(uplink, request, response, match, handshake);
        }
    }

    /** A client stops the run it follows: only on the path of an endpoint whose method returns a run. */
    private void delete(HttpServletRequest request, HttpServletResponse response, Routes.Match match)
            throws IOException {
        if (match.route().kind() == Kind.DUPLEX || !match.route().main().returnsRun()) {
            response.setHeader("Allow", allowed(match));
            refuse(
                    request,
                    response,
                    405,
                    "method_not_allowed",
                    "DELETE is only accepted where a method returns a Run");
            return;
        }
        Handshake handshake = Handshake.of(request, clients.addresses());
        if (pacedUplink(request, response, handshake)) {
            admit(runStop, request, response, match, handshake);
        }
    }

    private static String allowed(Routes.Match match) {
        if (match.route().kind() == Kind.DUPLEX) {
            return "GET, POST";
        }
        return match.route().main().returnsRun() ? "GET, DELETE" : "GET";
    }

    private void refuse(
            HttpServletRequest request, HttpServletResponse response, int status, String code, String message)
            throws IOException {
        refusals.answer(request, response, new Failure(status, code, message));
    }
}
