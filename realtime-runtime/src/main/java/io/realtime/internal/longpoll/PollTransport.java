package io.realtime.internal.longpoll;

import io.realtime.internal.Failure;
import io.realtime.internal.Transport;
import io.realtime.internal.endpoint.Call;
import io.realtime.internal.endpoint.Endpoint;
import io.realtime.internal.endpoint.Kind;
import io.realtime.internal.endpoint.Routes;
import io.realtime.internal.http.HttpErrors;
import io.realtime.internal.http.HttpTransport;
import io.realtime.internal.identity.Tab;
import io.realtime.internal.limits.ClientAddresses;
import io.realtime.internal.limits.ClientQuota;
import io.realtime.internal.topic.Cursor;
import io.realtime.internal.topic.TopicRegistry;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.security.Principal;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.regex.Pattern;

/**
 * Serves {@code GET <path>?cursor=<c>&timeout=<s>} (docs/protocol.md, "Long-poll"). The container thread
 * checks the request, takes a place under the limits and starts async mode; the method runs on a worker; the
 * request then waits, if it must, as a parked async context with a timer on the runtime's scheduler.
 */
public final class PollTransport implements HttpTransport {

    private static final Pattern TIMEOUT = Pattern.compile("\\d{1,6}(\\.\\d{1,3})?");

    /** What a malformed {@code timeout} is told. */
    static final String TIMEOUT_RULE = "timeout must be a number of seconds, such as 25 or 0.5";

    private final PollServices services;
    private final WaitingPolls waiting;
    private final PollFormat format;
    private final ClientQuota limits;
    private final PollConnections connections;
    private final SharedPolls shared;

    public PollTransport(PollServices services) {
        this.services = services;
        this.waiting = services.waiting();
        this.format = new PollFormat(services.maxEvents(), services.maxBytes());
        this.limits = new ClientQuota(services.maxPollsPerSession(), services.maxPollsPerAddress());
        this.connections = new PollConnections(services, format);
        this.shared = new SharedPolls(this, services, limits, connections);
    }

    /** What a poll asked for, read on the container thread. */
    private record Poll(
            Endpoint endpoint,
            Call call,
            String cursor,
            long holdNanos,
            String ifNoneMatch,
            String owner,
            String sessionId,
            String address,
            Tab tab) {}

    @Override
    public void serve(HttpServletRequest request, HttpServletResponse response, Routes.Match match, Tab tab) {
        Endpoint endpoint = match.route().main();
        if (match.route().kind() == Kind.DUPLEX) {
            HttpErrors.send(
                    services.outbound().metrics(),
                    response,
                    400,
                    "unsupported_transport",
                    "Long-poll for @Duplex endpoints is not served by this runtime version");
            return;
        }
        Principal principal = tab.user().orElse(null);
        if (endpoint.requiresPrincipal() && principal == null) {
            HttpErrors.send(
                    services.outbound().metrics(),
                    response,
                    401,
                    "unauthenticated",
                    "This endpoint requires an authenticated user");
            return;
        }
        long hold = holdNanos(request.getParameter("timeout"));
        if (hold < 0) {
            HttpErrors.send(services.outbound().metrics(), response, 400, "bad_request", TIMEOUT_RULE);
            return;
        }
        String sessionId = tab.handshake().sessionId();
        String address = ClientAddresses.key(tab.handshake().address());
        ClientQuota.Slot slot = limits.acquire(sessionId, address);
        if (slot == null) {
            response.setHeader("Retry-After", "1");
            services.outbound().metrics().rateLimited("maxPolls");
            HttpErrors.send(
                    services.outbound().metrics(),
                    response,
                    429,
                    "too_many_polls",
                    "Too many polls in progress from this client");
            return;
        }
        Poll poll = new Poll(
                endpoint,
                new Call(match.parameters(), tab),
                Cursor.given(request.getParameter("cursor")),
                hold,
                request.getHeader("If-None-Match"),
                owner(tab),
                sessionId,
                address,
                tab);
        AsyncContext async;
        try {
            async = request.startAsync();
        } catch (RuntimeException e) {
            slot.release();
            throw e;
        }
        async.setTimeout(0); // the hold's own timer, on the runtime's scheduler, ends the wait
        HeldPoll held = held(async, services.outbound().writers(), tab, slot);
        try {
            services.workers().execute(() -> run(poll, held));
        } catch (RejectedExecutionException saturated) {
            held.answer(() -> Answer.overloaded());
        }
    }

    private void run(Poll poll, HeldPoll held) {
        Endpoint endpoint = poll.endpoint();
        try {
            switch (endpoint.shape()) {
                case TOPIC -> {
                    TopicRegistry.Source topic = services.topics().sourceOf(endpoint.invoke(poll.call()));
                    TopicWait.start(
                            services.topics(),
                            topic,
                            poll.cursor(),
                            held,
                            format,
                            services.outbound()
                                    .metrics()
                                    .connection(Transport.POLL, endpoint.path().toString()),
                            waiting,
                            services.outbound().writers(),
                            services.scheduler(),
                            poll.holdNanos());
                }
                case STAGE -> {
                    Object stage = endpoint.invoke(poll.call());
                    if (stage == null) {
                        throw new NullPointerException("the method returned null instead of a CompletionStage");
                    }
                    StageWait.start(
                            (CompletionStage<?>) stage,
                            held,
                            services.json(),
                            endpoint,
                            waiting,
                            services.scheduler(),
                            poll.holdNanos());
                }
                case VALUE -> {
                    byte[] body = services.json().bytes(endpoint.invoke(poll.call()));
                    held.answer(() -> ShortPoll.answer(body, poll.ifNoneMatch()));
                }
                default -> perClientStream(poll, held);
            }
        } catch (Exception | Error failure) {
            held.answer(() -> Answer.error(Failure.of(failure, endpoint)));
        }
    }

    /** A per-client stream: continue the poll connection the cursor names, or open one and answer with its cursor. */
    private void perClientStream(Poll poll, HeldPoll held) throws Exception {
        Cursor cursor =
                poll.cursor() == null ? null : Cursor.parse(poll.cursor()).orElse(null);
        if (cursor != null) {
            PollConnection connection = connections.find(cursor.epoch(), poll.owner());
            if (connection != null
                    && connection.attach(held, cursor.offset(), waiting, services.scheduler(), poll.holdNanos())) {
                return;
            }
        }
        ClientQuota.Slot slot = limits.acquire(poll.sessionId(), poll.address());
        if (slot == null) {
            // Worded as it has always been on the wire, from before these were called poll connections.
            held.answer(() -> Answer.tooMany("Too many poll sessions from this client"));
            return;
        }
        PollConnection connection =
                connections.open(poll.endpoint(), poll.call(), poll.owner(), slot::release, poll.tab());
        String position = connection.id() + ":0";
        boolean reset = poll.cursor() != null; // the stream the client followed is gone: this is a new one
        held.answer(() -> Answer.json(reset ? PollFormat.reset(position) : PollFormat.batch(position, List.of())));
    }

    /**
     * A poll from the moment it is accepted: its answer goes to {@code async}, and its claim gives back its place
     * under the limits and its hold on the client's tab, whose cookie session's end answers it {@code 401}.
     */
    static HeldPoll held(AsyncContext async, Executor writers, Tab tab, ClientQuota.Slot slot) {
        HttpReply reply = new HttpReply(async, writers);
        Deferred leave = new Deferred();
        HeldPoll held = new HeldPoll(reply, () -> {
            slot.release();
            leave.run();
        });
        reply.attach(held);
        leave.set(tab.hold(() -> held.answer(() -> Answer.SESSION_ENDED)));
        return held;
    }

    /** @return who may continue a poll connection: the same user and cookie session */
    static String owner(Tab tab) {
        String sessionId = tab.handshake().sessionId();
        return tab.user().map(java.security.Principal::getName).orElse("")
                + '\n'
                + (sessionId == null ? "" : sessionId);
    }

    /** @return the polls of shared connections, under the same limits as the others */
    public SharedPolls shared() {
        return shared;
    }

    /**
     * The release of a poll's hold on its tab, run once the poll is claimed: the claim may come first, while
     * the hold is being taken (the cookie session ended just then), so whichever of the two comes second runs it.
     */
    private static final class Deferred implements Runnable {
        private Runnable action;
        private boolean due;

        void set(Runnable value) {
            synchronized (this) {
                if (!due) {
                    action = value;
                    return;
                }
            }
            value.run();
        }

        @Override
        public void run() {
            Runnable now;
            synchronized (this) {
                due = true;
                now = action;
            }
            if (now != null) {
                now.run();
            }
        }
    }

    /**
     * @param timeout the {@code timeout} parameter, or {@code null}
     * @return the hold in nanoseconds, bounded by the configuration, or -1 when the parameter is malformed
     */
    long holdNanos(String timeout) {
        long max = services.maxHold().toNanos();
        if (timeout == null) {
            return max;
        }
        if (!TIMEOUT.matcher(timeout).matches()) {
            return -1;
        }
        long millis = new java.math.BigDecimal(timeout).movePointRight(3).longValueExact();
        return Math.min(max, millis * 1_000_000L);
    }
}
