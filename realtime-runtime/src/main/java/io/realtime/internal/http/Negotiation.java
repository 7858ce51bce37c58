package io.realtime.internal.http;

import io.realtime.internal.Json;
import io.realtime.internal.Transport;
import io.realtime.internal.duplex.Conversation;
import io.realtime.internal.endpoint.Kind;
import io.realtime.internal.endpoint.Routes;
import io.realtime.internal.identity.Identity;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Answers {@code GET <path>} with {@code Accept: application/realtime-negotiate+json}: the endpoint's kind and
 * the transports it offers, preferred first, and the tab token the client is to send (docs/protocol.md,
 * "Negotiation" and "Identity").
 */
final class Negotiation {

    private final Set<Transport> available = ConcurrentHashMap.newKeySet();

    /** @param available the transports this runtime serves */
    Negotiation(Set<Transport> available) {
        this.available.addAll(available);
    }

    /**
     * Offers one more transport, once it serves: WebSocket endpoints may be added only after the servlet exists.
     *
     * @param transport the transport
     */
    void offer(Transport transport) {
        available.add(transport);
    }

    /** @return the names of the transports a kind offers here, preferred first */
    List<String> transports(Kind kind) {
        return kind.transports().stream()
                .filter(available::contains)
                .map(Transport::wireName)
                .toList();
    }

    /**
     * Answers a negotiation.
     *
     * @param issued the tab and token the client is to use (docs/protocol.md, "Identity")
     */
    void answer(HttpServletResponse response, Routes.Match match, Identity.Issued issued) throws IOException {
        Kind kind = match.route().kind();
        String body = "{\"protocol\":1,\"kind\":\"" + kind.wireName() + "\",\"transports\":"
                + list(transports(kind))
                + (kind == Kind.DUPLEX ? Conversation.describe(match.route()) : "")
                + ",\"tab\":" + Json.quote(issued.tab()) + ",\"token\":" + Json.quote(issued.token())
                + "}";
        write(response, body);
    }

    /**
     * Answers the negotiation of shared connections (docs/protocol.md, "Shared connections"): every transport this
     * server serves, and how many subscriptions one connection carries.
     */
    void answerShared(HttpServletResponse response, int maxSubscriptions, Identity.Issued issued) throws IOException {
        List<String> offered = List.of(Transport.WEBSOCKET, Transport.SSE, Transport.POLL).stream()
                .filter(available::contains)
                .map(Transport::wireName)
                .toList();
        String body = "{\"protocol\":1,\"kind\":\"multiplex\",\"transports\":" + list(offered)
                + ",\"subscriptions\":" + maxSubscriptions
                + ",\"tab\":" + Json.quote(issued.tab()) + ",\"token\":" + Json.quote(issued.token())
                + "}";
        write(response, body);
    }

    private static String list(List<String> names) {
        return names.stream().map(t -> '"' + t + '"').collect(Collectors.joining(",", "[", "]"));
    }

    private static void write(HttpServletResponse response, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setStatus(200);
        response.setContentType(HttpDispatch.NEGOTIATE);
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
