package io.realtime.internal.uplink;

import io.realtime.internal.Failure;
import io.realtime.internal.duplex.Conversation;
import io.realtime.internal.endpoint.Route;
import io.realtime.internal.endpoint.Routes;
import io.realtime.internal.http.HttpTransport;
import io.realtime.internal.http.Refusals;
import io.realtime.internal.http.RequestBody;
import io.realtime.internal.identity.Tab;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code POST <path>}: the upstream half of a {@code @Duplex} endpoint when WebSocket cannot be used. The body is
 * one message in the same envelope as a WebSocket frame, and the response body is the reply frame
 * (docs/protocol.md, "Duplex fallback"). A browser cannot send such a request cross-site without a CORS
 * preflight, which the runtime never grants: it needs the {@code Realtime-Uplink} header and, for JSON, the
 * {@code application/json} type; the servlet has already applied the same-origin rule. Every refusal is answered
 * after the body has been discarded ({@link Refusals}), so that the client hears it.
 */
public final class Uplink implements HttpTransport {

    /** The request header every uplink {@code POST} carries, with the value {@code 1}. */
    public static final String HEADER = "Realtime-Uplink";

    private final UplinkServices services;
    private final Refusals refusals;
    private final Map<Route, Conversation> conversations = new ConcurrentHashMap<>();

    public Uplink(UplinkServices services) {
        this.services = services;
        this.refusals = services.refusals();
    }

    @Override
    public void serve(HttpServletRequest request, HttpServletResponse response, Routes.Match match, Tab tab)
            throws IOException {
        Conversation conversation =
                conversations.computeIfAbsent(match.route(), route -> new Conversation(services.json(), route));
        if (conversation.mode() == Conversation.Mode.NONE) {
            response.setHeader("Allow", "GET");
            refuse(request, response, 405, "method_not_allowed", "This endpoint accepts no messages");
            return;
        }
        if (!"1".equals(request.getHeader(HEADER))) {
            refuse(request, response, 403, "uplink_refused", "A message POST needs the header " + HEADER + ": 1");
            return;
        }
        String expected = switch (conversation.mode()) {
            case TEXT -> "text/plain";
            case BINARY -> "application/octet-stream";
            default -> "application/json";
        };
        if (!expected.equals(RequestBody.mediaType(request.getContentType()))) {
            refuse(request, response, 415, "unsupported_media_type", "A message to this endpoint is " + expected);
            return;
        }
        int limit = services.maxMessageSize();
        if (request.getContentLengthLong() > limit) {
            refusals.answer(request, response, tooLarge(limit));
            return;
        }
        AsyncContext async = request.startAsync();
        async.setTimeout(services.timeout().toMillis());
        UplinkExchange exchange = new UplinkExchange(
                services.workers(), conversation, match.parameters(), tab, async, limit, refusals.metrics());
        async.addListener(exchange);
        exchange.release(tab.hold(exchange::sessionEnded));
        exchange.start(refusals.bound());
    }

    /** The answer to a message over the size limit. */
    static Failure tooLarge(int limit) {
        return new Failure(413, "too_large", "A message may have at most " + limit + " bytes");
    }

    private void refuse(
            HttpServletRequest request, HttpServletResponse response, int status, String code, String message)
            throws IOException {
        refusals.answer(request, response, new Failure(status, code, message));
    }
}
