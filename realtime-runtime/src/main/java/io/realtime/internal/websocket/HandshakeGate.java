package io.realtime.internal.websocket;

import io.realtime.internal.Failure;
import io.realtime.internal.http.HttpDispatch;
import io.realtime.internal.http.HttpErrors;
import io.realtime.internal.http.Origins;
import io.realtime.internal.identity.Handshake;
import io.realtime.internal.metrics.Metrics;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Judges WebSocket handshakes before the container upgrades them, as every other request is judged, and answers
 * those it refuses with the runtime's JSON errors (docs/security.md, "WebSocket handshakes"): a malformed {@code %}-escape in the
 * URI or a cookie session named in it ({@code 400 bad_request}), a WebSocket version other than 13 ({@code 426} naming 13, RFC 6455 §4.4), a foreign
 * origin ({@code 403 origin_refused}), and a client address past its connection attempts ({@code 429
 * too_many_requests} with {@code Retry-After}, from the same bucket as negotiations, streams and polls). Handshakes
 * it lets through go on to the container, whose hooks ({@link DuplexConfigurator}) would otherwise be the first to
 * see them, after the container has committed to its own answers. {@link HandshakeFilter} hands it the requests.
 * It also hands the client's address to {@link DuplexConfigurator}, so that a WebSocket's tab counts against its
 * address's share ({@code maxTabsPerAddress}) as a stream's or a poll's does.
 *
 * <p>Threading: any request thread; never blocks.
 */
public final class HandshakeGate implements Filter {

    /** The one WebSocket version there is (RFC 6455 §4.4). */
    private static final String VERSION = "13";

    private static final Failure MALFORMED =
            new Failure(400, "bad_request", "The request URI has a malformed %-escape");
    private static final Failure OLD_VERSION =
            new Failure(426, "upgrade_required", "This server speaks WebSocket version " + VERSION);
    private static final Failure SESSION_IN_URL = new Failure(400, "bad_request", HttpDispatch.SESSION_IN_URL);
    private static final Failure FOREIGN =
            new Failure(403, "origin_refused", "Cross-origin requests to this endpoint are refused");

    /**
     * The client address of the handshake this thread is passing to the container, which calls
     * {@link DuplexConfigurator#modifyHandshake} on the same thread before the filter returns: Jakarta WebSocket's
     * {@code HandshakeRequest} has no remote address, and per-address quotas need it.
     */
    private static final ThreadLocal<String> ADDRESS = new ThreadLocal<>();

    private final Origins origins;
    private final HttpDispatch.Clients clients;
    private final Metrics metrics;

    /**
     * @param origins the same-origin rule and its allowlist
     * @param clients tells clients apart and paces their connection attempts
     * @param metrics where refusals are counted
     */
    public HandshakeGate(Origins origins, HttpDispatch.Clients clients, Metrics metrics) {
        this.origins = origins;
        this.clients = clients;
        this.metrics = metrics;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request instanceof HttpServletRequest handshake
                && response instanceof HttpServletResponse answer
                && "websocket".equalsIgnoreCase(handshake.getHeader("Upgrade"))) {
            Verdict verdict = judge(handshake, answer);
            if (verdict.refusal() != null) {
                if (verdict.refusal().equals(HttpDispatch.Clients.TOO_MANY)) {
                    metrics.rateLimited("connectRate");
                }
                HttpErrors.send(metrics, answer, verdict.refusal());
                return;
            }
            ADDRESS.set(verdict.address());
            try {
                chain.doFilter(request, response);
            } finally {
                ADDRESS.remove();
            }
            return;
        }
        chain.doFilter(request, response);
    }

    /**
     * The client address of the handshake in progress on this thread, for {@link DuplexConfigurator}.
     *
     * @return the address (behind trusted proxies, the one they name), or {@code null} when this gate did not pass
     *     the handshake on this thread
     */
    static String address() {
        return ADDRESS.get();
    }

    /**
     * @param refusal why the handshake is refused, or {@code null} when it may go on
     * @param address the client's address, once the handshake is well-formed enough to tell it
     */
    private record Verdict(Failure refusal, String address) {

        static Verdict refused(Failure refusal) {
            return new Verdict(refusal, null);
        }
    }

    private Verdict judge(HttpServletRequest handshake, HttpServletResponse answer) {
        if (malformed(handshake.getRequestURI()) || malformed(handshake.getQueryString())) {
            return Verdict.refused(MALFORMED);
        }
        if (Handshake.namesItsSessionInItsUrl(handshake)) {
            return Verdict.refused(SESSION_IN_URL);
        }
        String version = handshake.getHeader("Sec-WebSocket-Version");
        if (version != null && !version.trim().equals(VERSION)) {
            answer.setHeader("Sec-WebSocket-Version", VERSION);
            return Verdict.refused(OLD_VERSION);
        }
        if (!origins.allows(
                handshake.getHeader("Origin"), handshake.getHeader("Sec-Fetch-Site"), handshake.getHeader("Host"))) {
            return Verdict.refused(FOREIGN);
        }
        String address = Handshake.of(handshake, clients.addresses()).address();
        return new Verdict(clients.pace(address, answer) ? null : HttpDispatch.Clients.TOO_MANY, address);
    }

    /** Whether some {@code %} is not followed by two hex digits (RFC 3986 §2.1), which containers fail on later. */
    static boolean malformed(String raw) {
        if (raw == null) {
            return false;
        }
        for (int i = raw.indexOf('%'); i >= 0; i = raw.indexOf('%', i + 1)) {
            if (i + 2 >= raw.length() || !hex(raw.charAt(i + 1)) || !hex(raw.charAt(i + 2))) {
                return true;
            }
        }
        return false;
    }

    private static boolean hex(char c) {
        return Character.digit(c, 16) >= 0 && c < 128;
    }
}
