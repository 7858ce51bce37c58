package io.realtime.internal.multiplex;

import io.realtime.internal.Failure;
import io.realtime.internal.endpoint.Routes;
import io.realtime.internal.http.HttpTransport;
import io.realtime.internal.http.RequestBody;
import io.realtime.internal.identity.Tab;
import io.realtime.internal.limits.ClientAddresses;
import io.realtime.internal.longpoll.SharedPolls;
import io.realtime.internal.outbound.Closing;
import io.realtime.internal.outbound.Outbound;
import io.realtime.internal.uplink.Uplink;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;

/**
 * {@code POST /realtime/mux}: the requests that carry shared connections over HTTP (docs/protocol.md, "Over
 * Server-Sent Events" and "Over long-poll"). Each has a JSON body of the protocol's control frame, read without
 * blocking up to the message size limit: with {@code Accept: text/event-stream} it opens a stream that carries the
 * connection, with {@code transport=poll} it is one poll of a connection, and otherwise it changes the
 * subscriptions of the stream it names. As every {@code POST} message, it needs {@code Realtime-Uplink: 1} and
 * {@code application/json}, which a browser does not send cross-site without a preflight the runtime never grants.
 */
public final class SharedHttp implements HttpTransport {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Multiplexes registry;
    private final MuxServices services;

    public SharedHttp(Multiplexes registry) {
        this.registry = registry;
        this.services = registry.services();
    }

    /** What the request asks for, decided before its body is read. */
    enum Purpose {
        STREAM,
        POLL,
        CONTROL
    }

    @Override
    public void serve(HttpServletRequest request, HttpServletResponse response, Routes.Match match, Tab tab)
            throws IOException {
        if (!"1".equals(request.getHeader(Uplink.HEADER))) {
            refuse(request, response, 403, "uplink_refused", "This POST needs the header " + Uplink.HEADER + ": 1");
            return;
        }
        if (!"application/json".equals(RequestBody.mediaType(request.getContentType()))) {
            refuse(
                    request,
                    response,
                    415,
                    "unsupported_media_type",
                    "A shared connection's request is application/json");
            return;
        }
        int limit = services.maxMessageSize();
        if (request.getContentLengthLong() > limit) {
            refuse(request, response, 413, "too_large", "A request may have at most " + limit + " bytes");
            return;
        }
        Purpose purpose = String.valueOf(request.getHeader("Accept"))
                        .toLowerCase(Locale.ROOT)
                        .contains("text/event-stream")
                ? Purpose.STREAM
                : "poll".equals(request.getParameter("transport")) ? Purpose.POLL : Purpose.CONTROL;
        long hold = purpose == Purpose.POLL ? services.polls().holdNanos(request.getParameter("timeout")) : 0;
        if (hold < 0) {
            refuse(request, response, 400, "bad_request", SharedPolls.timeoutRule());
            return;
        }
        String address = ClientAddresses.key(tab.handshake().address()); // behind trusted proxies, as PollTransport
        AsyncContext async = request.startAsync();
        // Streams and polls are ended by heartbeats, stall checks and holds, not by the container.
        async.setTimeout(purpose == Purpose.CONTROL ? services.timeout().toMillis() : 0);
        SharedRequest exchange =
                new SharedRequest(async, limit, services.refusals().metrics(), (body, answer) -> {
                    Control control;
                    try {
                        control = Control.parse(services.json().mapper(), body);
                    } catch (Control.Malformed e) {
                        answer.fail(new Failure(400, "bad_request", e.getMessage()));
                        return;
                    }
                    switch (purpose) {
                        case STREAM -> stream(async, tab, control);
                        case POLL -> poll(async, tab, address, hold, control);
                        default -> control(tab, control, answer);
                    }
                });
        async.addListener(exchange);
        exchange.start(services.refusals().bound());
    }

    /** Opens the stream that carries a new connection, and its subscriptions. */
    private void stream(AsyncContext async, Tab tab, Control control) {
        String name = newName();
        Outbound stream = services.streams().sharedStream(async, name);
        stream.onClose(tab.hold(() -> stream.close(Closing.SESSION_ENDED)));
        Multiplex multiplex = registry.open(stream, tab.handshake(), tab, name);
        if (stream.open()) {
            multiplex.apply(control);
        }
    }

    private void poll(AsyncContext async, Tab tab, String address, long hold, Control control) {
        services.polls().poll(async, tab, address, control.cursor(), hold, new SharedPolls.Carried() {
            @Override
            public void opened(Outbound connection, String name) {
                registry.open(connection, tab.handshake(), tab, name).apply(control);
            }

            @Override
            public void continued(String name) {
                Multiplex multiplex = registry.find(name, tab.handshake());
                if (multiplex != null) {
                    multiplex.apply(control);
                }
            }
        });
    }

    /** Changes the subscriptions of a stream this server holds for this client: {@code 204}, or {@code 404}. */
    private void control(Tab tab, Control control, SharedRequest answer) {
        Multiplex multiplex = registry.find(control.connection(), tab.handshake());
        if (multiplex == null) {
            answer.fail(new Failure(
                    404,
                    "unknown_connection",
                    "This server holds no such connection of this client; open a stream with the whole set"));
            return;
        }
        multiplex.apply(control);
        answer.applied();
    }

    private void refuse(
            HttpServletRequest request, HttpServletResponse response, int status, String code, String message)
            throws IOException {
        services.refusals().answer(request, response, new Failure(status, code, message));
    }

    private static String newName() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
