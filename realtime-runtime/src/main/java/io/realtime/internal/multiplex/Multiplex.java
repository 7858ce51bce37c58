package io.realtime.internal.multiplex;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.realtime.RealtimeException;
import io.realtime.Run;
import io.realtime.internal.Failure;
import io.realtime.internal.admin.AdminFeed;
import io.realtime.internal.duplex.Conversation;
import io.realtime.internal.endpoint.Call;
import io.realtime.internal.endpoint.Endpoint;
import io.realtime.internal.endpoint.Kind;
import io.realtime.internal.endpoint.Route;
import io.realtime.internal.endpoint.Routes;
import io.realtime.internal.endpoint.Shape;
import io.realtime.internal.identity.Handshake;
import io.realtime.internal.identity.Identity;
import io.realtime.internal.identity.Tab;
import io.realtime.internal.outbound.Closing;
import io.realtime.internal.outbound.Outbound;
import io.realtime.internal.outbound.Reply;
import io.realtime.internal.outbound.Subscription;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The subscriptions of one shared connection, whatever carries it (docs/protocol.md, "Shared connections"): it
 * applies the client's control frames, runs each subscription's endpoint method on a worker, as for a connection of
 * its own, and routes {@code @Duplex} messages to their subscription. A refusal or failure ends one subscription
 * with an {@code error} frame and touches nothing else.
 *
 * <p>Threading: every method from any thread. Bounded: at most {@link MuxServices#maxSubscriptions()} subscriptions
 * at once, and as many ids of subscriptions that ended by themselves are remembered (see {@link #reconcile}).
 */
public final class Multiplex {

    /** One subscription in progress. */
    private static final class Live {
        final Subscription feed;
        final Route route;
        final Map<String, String> path;
        final Tab tab;
        volatile boolean cancelled; // ended by the client or with the connection, not by itself

        Live(Subscription feed, Route route, Map<String, String> path, Tab tab) {
            this.feed = feed;
            this.route = route;
            this.path = path;
            this.tab = tab;
        }
    }

    private final Outbound connection;
    private final Handshake handshake;
    private final Tab tab;
    private final Multiplexes registry;
    private final MuxServices services;
    private final ConcurrentMap<String, Live> live = new ConcurrentHashMap<>();
    private final AtomicInteger count = new AtomicInteger();
    private final Set<String> finished = new LinkedHashSet<>(); // guarded by itself
    private volatile boolean closed;

    /**
     * @param connection the connection that carries the subscriptions, open
     * @param handshake what the client presented when the connection opened
     * @param tab the connection's tab: its subscriptions' unless they name their own
     */
    Multiplex(Outbound connection, Handshake handshake, Tab tab, Multiplexes registry) {
        this.connection = connection;
        this.handshake = handshake;
        this.tab = tab;
        this.registry = registry;
        this.services = registry.services();
    }

    /** @return how many subscriptions are in progress */
    public int size() {
        return count.get();
    }

    /** @return what the client presented when the connection opened */
    Handshake handshake() {
        return handshake;
    }

    /**
     * Where a WebSocket message goes.
     *
     * @param sub the subscription
     * @param ref the message's {@code ref}, for a refusal, or {@code null}
     */
    public record Addressed(String sub, Long ref) {}

    /**
     * Takes one WebSocket text frame: applies a control frame at once, and answers one it cannot read.
     *
     * @param answer receives the error an unreadable frame gets
     * @return where the frame goes when it is a message for a subscription, to {@link #message handle} in turn;
     *     {@code null} otherwise
     */
    public Addressed receive(String text, Consumer<Reply> answer) {
        JsonNode frame;
        try {
            frame = services.json().mapper().readTree(text);
        } catch (JsonProcessingException e) {
            answer.accept(unreadable("The frame is not valid JSON: " + e.getOriginalMessage()));
            return null;
        }
        if (frame != null && frame.isObject() && frame.has("sub")) {
            JsonNode sub = frame.get("sub");
            JsonNode ref = frame.get("ref");
            if (!sub.isTextual() || !Control.validId(sub.asText())) {
                answer.accept(unreadable("\"sub\" is a subscription id of this connection"));
                return null;
            }
            return new Addressed(sub.asText(), ref != null && ref.canConvertToLong() ? ref.asLong() : null);
        }
        try {
            apply(Control.of(frame));
        } catch (Control.Malformed e) {
            answer.accept(unreadable(e.getMessage()));
        }
        return null;
    }

    /** Applies a control frame: the whole set first, then what it ends, then what it adds, then the runs it stops. */
    void apply(Control control) {
        if (control.subscriptions() != null) {
            reconcile(control.subscriptions());
        }
        control.unsubscribe().forEach(this::unsubscribe);
        control.subscribe().forEach((sub, wanted) -> {
            synchronized (finished) {
                finished.remove(sub); // asked for again in so many words: the client wants it back
            }
            subscribe(sub, wanted);
        });
        control.stop().forEach(this::stop);
    }

    /**
     * Stops the run a subscription follows, as a {@code DELETE} on its endpoint's path would: the method runs again,
     * on a worker, and may refuse. The subscription hears the run's {@code end}. An id that names no subscription
     * following a run is ignored, as {@code unsubscribe} ignores ids it does not know.
     */
    private void stop(String sub) {
        Live entry = live.get(sub);
        Endpoint main = entry == null ? null : entry.route.main();
        if (entry == null || entry.route.kind() == Kind.DUPLEX || !main.returnsRun()) {
            return;
        }
        try {
            services.workers().execute(() -> {
                try {
                    ((Run<?>) main.invoke(new Call(entry.path, entry.tab))).stop();
                } catch (Exception | Error failure) {
                    entry.feed.fail(Failure.of(failure, main));
                }
            });
        } catch (RejectedExecutionException saturated) {
            entry.feed.fail(new Failure(503, "overloaded", "The server is busy; stop the run again shortly"));
        }
    }

    /**
     * Makes the subscriptions those of {@code set}. A subscription that ended by itself ({@code end}, {@code error})
     * is not started again while the set still names it: the client may not have heard the end yet (a poll that
     * crossed the answer that carried it).
     */
    private void reconcile(Map<String, Control.Wanted> set) {
        live.keySet().stream().filter(sub -> !set.containsKey(sub)).forEach(this::unsubscribe);
        synchronized (finished) {
            finished.retainAll(set.keySet());
        }
        set.forEach((sub, wanted) -> {
            boolean ended;
            synchronized (finished) {
                ended = finished.contains(sub);
            }
            if (!ended) {
                subscribe(sub, wanted);
            }
        });
    }

    private void unsubscribe(String sub) {
        Live entry = live.get(sub);
        if (entry != null) {
            entry.cancelled = true;
            entry.feed.cancel();
        }
        synchronized (finished) {
            finished.remove(sub);
        }
    }

    private void subscribe(String sub, Control.Wanted wanted) {
        if (closed || live.containsKey(sub)) {
            return; // in progress already: left as it is
        }
        if (wanted.problem() != null) {
            refuse(sub, new Failure(400, "bad_request", wanted.problem()));
            return;
        }
        Optional<Routes.Match> match = services.routes().match(wanted.path());
        if (match.isEmpty() || wanted.path().equals(AdminFeed.LIVE)) { // the admin feed is guarded by its own filter
            refuse(sub, new Failure(404, "not_found", "No realtime endpoint at this path"));
            return;
        }
        Tab own = tab;
        if (wanted.token() != null && !wanted.token().equals(handshake.token())) {
            Identity.Admission admission =
                    services.identity().admit(handshake.withToken(wanted.token()), "subscription " + wanted.path());
            if (admission instanceof Identity.Refused refused) {
                refuse(sub, new Failure(refused.status(), refused.code(), refused.message()));
                return;
            }
            own = ((Identity.Admitted) admission).tab();
        }
        if (count.incrementAndGet() > services.maxSubscriptions()) {
            count.decrementAndGet();
            refuse(sub, tooMany("A connection carries at most " + services.maxSubscriptions() + " subscriptions"));
            return;
        }
        Runnable quota = services.quota().acquire(handshake);
        if (quota == null) {
            count.decrementAndGet();
            refuse(sub, tooMany("This client has as many subscriptions as it may"));
            return;
        }
        Route route = match.get().route();
        Live entry = new Live(
                new Subscription(sub, connection, describe(route)),
                route,
                match.get().parameters(),
                own);
        if (live.putIfAbsent(sub, entry) != null) {
            count.decrementAndGet();
            quota.run();
            return;
        }
        Runnable hold = own.hold(() -> connection.close(Closing.SESSION_ENDED));
        entry.feed.onClose(() -> ended(sub, entry, hold, quota));
        if (closed) {
            unsubscribe(sub); // the connection closed while this one started
            return;
        }
        try {
            services.workers().execute(() -> start(entry, wanted.cursor()));
        } catch (RejectedExecutionException saturated) {
            entry.feed.fail(new Failure(503, "overloaded", "The server is busy; subscribe again shortly"));
        }
    }

    /** Runs the endpoint's method for one subscription, as a connection of its own would; on a worker. */
    private void start(Live entry, String cursor) {
        Route route = entry.route;
        Endpoint main = route.main();
        try {
            if (main != null && main.requiresPrincipal() && entry.tab.user().isEmpty()) {
                throw RealtimeException.of(401, "unauthenticated", "This endpoint requires an authenticated user");
            }
            Call call = new Call(entry.path, entry.tab);
            if (route.kind() == Kind.DUPLEX) {
                services.downstream().start(route, call, entry.feed, cursor);
            } else {
                if (main.shape() == Shape.SINK) {
                    call.sink(services.delivery().sink(entry.feed));
                }
                services.delivery().start(main.shape(), main.invoke(call), entry.feed, cursor);
            }
        } catch (Exception | Error failure) {
            entry.feed.fail(Failure.of(failure, main != null ? main : route));
        }
    }

    /**
     * Hands a WebSocket message to its {@code @Duplex} subscription's message method; on the calling thread, which
     * may block in the application's method.
     *
     * @param to the message's subscription and {@code ref}, which a refusal carries
     * @param text the message as the client sent it
     * @param done receives the reply once, tagged with the subscription; {@code null} when there is none
     */
    public void message(Addressed to, String text, Consumer<Reply> done) {
        String sub = to.sub();
        Long ref = to.ref();
        Live entry = live.get(sub);
        Conversation conversation =
                entry == null || entry.route.kind() != Kind.DUPLEX ? null : registry.conversation(entry.route);
        if (conversation == null || conversation.mode() == Conversation.Mode.NONE) {
            done.accept(new Reply.Error(sub, ref, "not_found", "No @Duplex subscription that takes messages", 404));
        } else if (conversation.mode() != Conversation.Mode.JSON) {
            done.accept(new Reply.Error(
                    sub,
                    ref,
                    "bad_message",
                    "This endpoint takes raw messages, which need a connection of its own",
                    400));
        } else {
            conversation.text(
                    text, entry.path, entry.tab, reply -> done.accept(reply == null ? null : reply.withSub(sub)));
        }
    }

    private static Reply.Error unreadable(String why) {
        return new Reply.Error(null, "bad_message", why, 400);
    }

    /** The connection has closed: every subscription ends with it, without a word. */
    void close() {
        closed = true;
        live.values().forEach(entry -> {
            entry.cancelled = true;
            entry.feed.cancel();
        });
    }

    private void ended(String sub, Live entry, Runnable hold, Runnable quota) {
        if (live.remove(sub, entry)) {
            count.decrementAndGet();
        }
        hold.run();
        quota.run();
        if (!entry.cancelled) {
            remember(sub);
        }
    }

    /** Refuses a subscription that never started: an {@code error} frame, and nothing else. */
    private void refuse(String sub, Failure failure) {
        new Subscription(sub, connection, "").fail(failure);
        remember(sub);
    }

    private void remember(String sub) {
        synchronized (finished) {
            finished.add(sub);
            if (finished.size() > services.maxSubscriptions()) {
                finished.remove(finished.iterator().next()); // the oldest: its client has long moved on
            }
        }
    }

    private static Failure tooMany(String message) {
        return new Failure(429, "too_many_subscriptions", message);
    }

    /** The members of a subscription's {@code subscribed} frame before its cursor. */
    private static String describe(Route route) {
        String kind = "\"kind\":\"" + route.kind().wireName() + '"';
        return route.kind() == Kind.DUPLEX ? kind + Conversation.describe(route) : kind;
    }
}
