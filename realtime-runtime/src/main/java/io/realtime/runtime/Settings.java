package io.realtime.runtime;

import static io.realtime.runtime.Setting.Group.DELIVERY;
import static io.realtime.runtime.Setting.Group.IDENTITY;
import static io.realtime.runtime.Setting.Group.LIMITS;
import static io.realtime.runtime.Setting.Group.SERVICES;
import static io.realtime.runtime.Setting.Group.TRANSPORTS;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.realtime.internal.Json;
import io.realtime.internal.limits.ClientAddresses;
import io.realtime.runtime.Format.Count;
import io.realtime.runtime.Format.Flag;
import io.realtime.runtime.Format.Instance;
import io.realtime.runtime.Format.Keys;
import io.realtime.runtime.Format.Proxies;
import io.realtime.runtime.Format.Span;
import io.realtime.spi.Backplane;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.StringJoiner;
import java.util.function.Function;

/**
 * Every setting of {@link RealtimeConfig}, each declared once, in the order of the docs. The texts are the
 * reference: {@code docs/configuration.md} is generated from them, and the accessors' Javadoc is checked against
 * them ({@code ConfigurationDocTest}).
 */
final class Settings {

    private static final int MIB = 1 << 20;
    private static final List<Setting<?>> DECLARED = new ArrayList<>();

    static final Setting<Integer> HISTORY_MAX_EVENTS = declare(
            "historyMaxEvents",
            DELIVERY,
            new Count(1, 1_000_000, ""),
            1000,
            "how many recent events each topic retains for resuming clients",
            "A client whose cursor is older than the oldest retained event gets `reset`. With the Redis backplane,"
                    + " every node needs the same value.",
            "5000");
    static final Setting<Duration> HISTORY_MAX_AGE = declare(
            "historyMaxAge",
            DELIVERY,
            new Span(null),
            Duration.ofMinutes(10),
            "how long a topic retains an event for resuming clients",
            "Events older than this are dropped even when fewer than `historyMaxEvents` are retained.",
            "1h");
    static final Setting<Integer> RUN_MAX_EVENTS = declare(
            "runMaxEvents",
            DELIVERY,
            new Count(1, 1_000_000, ""),
            10_000,
            "how many events each run retains, from its first, for clients that attach or come back",
            "A run (`Topics.run`) is replayed from its start, so it retains more than a topic. A client whose"
                    + " cursor is older than the oldest retained event gets `reset`. With the Redis backplane, every"
                    + " node needs the same value.",
            "20000");
    static final Setting<Duration> RUN_MAX_AGE = declare(
            "runMaxAge",
            DELIVERY,
            new Span(null),
            Duration.ofHours(1),
            "how long a run retains an event",
            "Once a run's events have expired, the run is forgotten like a quiet topic.",
            "2h");
    static final Setting<Integer> MAX_TOPICS = declare(
            "maxTopics",
            DELIVERY,
            new Count(1, Integer.MAX_VALUE, ""),
            100_000,
            "how many topics may exist at once",
            "A new topic beyond it makes room by evicting the least recently used topic that nobody follows,"
                    + " topics used once first; a client that comes back to an evicted topic gets `reset`. Only"
                    + " when every topic is followed does publishing to or following a new one fail with"
                    + " `503 too_many_topics`.",
            "20000");
    static final Setting<Duration> PRESENCE_GRACE = declare(
            "presenceGrace",
            DELIVERY,
            new Span(Duration.ofMinutes(10)),
            Duration.ofSeconds(5),
            "how long a tab stays present on a topic once its last joined connection has closed",
            "A reload or reconnect of the tab within it is neither a leave nor a join. With the Redis backplane,"
                    + " every node needs the same value.",
            "15s");
    static final Setting<Integer> PRESENCE_LIST_LIMIT = declare(
            "presenceListLimit",
            DELIVERY,
            new Count(1, 10_000, ""),
            100,
            "how many present members of a topic are listed; the others are counted",
            "The longest present are listed; a listed member that leaves makes room for the next. Every change"
                    + " event and every joining connection carries at most this many members.",
            "500");
    static final Setting<Integer> OUTBOUND_QUEUE = declare(
            "outboundQueue",
            DELIVERY,
            new Count(1, 1_000_000, ""),
            1024,
            "how many events addressed to one connection alone may wait to be written",
            "Those are sink sends, per-client streams and replies; a connection whose queue overflows is closed."
                    + " Topic events do not count: a connection reads them from the topic's history.",
            "256");
    static final Setting<Duration> STALL_TIMEOUT = declare(
            "stallTimeout",
            DELIVERY,
            new Span(null),
            Duration.ofSeconds(30),
            "how long a connection may have data waiting that the client does not read before it is closed",
            "Such a slow consumer can come back and resume from history.",
            "10s");

    static final Setting<Duration> HEARTBEAT = declare(
            "heartbeat",
            TRANSPORTS,
            new Span(null),
            Duration.ofSeconds(15),
            "how long a stream may stay silent before the runtime sends a heartbeat",
            "A heartbeat is an SSE comment or a WebSocket ping: it keeps proxies from closing the stream and"
                    + " reveals clients that have gone.",
            "20s");
    static final Setting<Duration> SSE_RETRY = declare(
            "sseRetry",
            TRANSPORTS,
            new Span(null),
            Duration.ofSeconds(2),
            "the reconnection delay sent to Server-Sent Events clients (`retry:`)",
            "",
            "5s");
    static final Setting<Duration> IDLE_TIMEOUT = declare(
            "idleTimeout",
            TRANSPORTS,
            new Span(null),
            Duration.ofSeconds(60),
            "how long a WebSocket client may stay silent before the connection is closed",
            "Silent means sending neither messages nor answers to the server's pings; the close is `1001`, and the"
                    + " client reconnects and resumes. Browsers answer pings by themselves, so only clients that"
                    + " have gone are closed. It is also given to the container as the session's idle timeout, so"
                    + " that Jetty and Tomcat behave the same.",
            "2m");
    static final Setting<Duration> POLL_TIMEOUT = declare(
            "pollTimeout",
            TRANSPORTS,
            new Span(Duration.ofMinutes(10)),
            Duration.ofSeconds(25),
            "the longest a long-poll request is held waiting for an event before it is answered `204`",
            "It is the hold of requests that do not ask for one, and the most a request's `timeout` parameter"
                    + " gets. Keep it below the read timeouts of the proxies in front of the application.",
            "50s");
    static final Setting<Integer> POLL_MAX_EVENTS = declare(
            "pollMaxEvents",
            TRANSPORTS,
            new Count(1, 10_000, ""),
            1_000,
            "how many events one long-poll answer carries at most",
            "The client asks again for the rest. `pollMaxBytes` bounds an answer too, and at the default it is"
                    + " usually the bound that holds: a client that is behind gets its backlog in few answers,"
                    + " since every answer costs a request.",
            "100");
    static final Setting<Integer> POLL_MAX_BYTES = declare(
            "pollMaxBytes",
            TRANSPORTS,
            new Count(1024, 16 * MIB, "bytes"),
            64 * 1024,
            "how many bytes of events one long-poll answer carries at most",
            "An answer always carries at least one event, however large.",
            "262144");

    static final Setting<Integer> MAX_MESSAGE_SIZE = declare(
            "maxMessageSize",
            LIMITS,
            new Count(1, 16 * MIB, "bytes"),
            65_536,
            "the largest message a client may send to a `@Duplex` endpoint, in bytes",
            "Text counts in UTF-8. A larger WebSocket message closes the connection with `1009`, a larger `POST` is"
                    + " answered `413`; the same on every container.",
            "1048576");
    static final Setting<Integer> INBOUND_QUEUE = declare(
            "inboundQueue",
            LIMITS,
            new Count(1, 10_000, ""),
            32,
            "how many messages from one `@Duplex` connection may wait to be handled",
            "One being handled and replies still awaiting a `CompletionStage` count; a message beyond it is"
                    + " answered with an `overloaded` error and not handled.",
            "8");
    static final Setting<Integer> MAX_POLLS_PER_SESSION = declare(
            "maxPollsPerSession",
            LIMITS,
            new Count(1, 1_000_000, ""),
            16,
            "how many long-poll requests one HTTP session may have in progress at once",
            "Long-poll sessions of per-client streams count too. Beyond it requests are answered `429` with"
                    + " `Retry-After`.",
            "32");
    static final Setting<Integer> MAX_POLLS_PER_ADDRESS = declare(
            "maxPollsPerAddress",
            LIMITS,
            new Count(1, 1_000_000, ""),
            1000,
            "how many long-poll requests one client address may have in progress at once",
            "Long-poll sessions of per-client streams count too. Beyond it requests are answered `429` with"
                    + " `Retry-After`. The address is the one `trustedProxies` tells (an IPv6 client by its `/64`).",
            "5000");
    static final Setting<Integer> MAX_SUBSCRIPTIONS_PER_CONNECTION = declare(
            "maxSubscriptionsPerConnection",
            LIMITS,
            new Count(1, 10_000, ""),
            100,
            "how many subscriptions one shared connection (`/realtime/mux`) carries at once",
            "A subscription beyond it is refused alone with `429 too_many_subscriptions`; the connection and its"
                    + " other subscriptions go on. A browser shares one connection between its tabs and a page seldom"
                    + " shows more than a few dozen live widgets, while each subscription holds a topic reader and"
                    + " its method's state.",
            "200");
    static final Setting<Integer> MAX_SUBSCRIPTIONS_PER_SESSION = declare(
            "maxSubscriptionsPerSession",
            LIMITS,
            new Count(1, 1_000_000, ""),
            1000,
            "how many subscriptions of shared connections (`/realtime/mux`) one HTTP session may hold at once",
            "Counted over all its connections and tabs; a subscription beyond it is refused alone with `429"
                    + " too_many_subscriptions`, and the client's other subscriptions, like other clients', go on.",
            "2000");
    static final Setting<Integer> MAX_SUBSCRIPTIONS_PER_ADDRESS = declare(
            "maxSubscriptionsPerAddress",
            LIMITS,
            new Count(1, 10_000_000, ""),
            10_000,
            "how many subscriptions of shared connections (`/realtime/mux`) one client address may hold at once",
            "Counted over shared connections opened by Server-Sent Events or long-poll, whose address the runtime"
                    + " knows (a WebSocket handshake does not tell it); beyond it a subscription is refused alone with"
                    + " `429 too_many_subscriptions`. The address is the one `trustedProxies` tells (an IPv6 client"
                    + " by its `/64`).",
            "50000");
    static final Setting<Integer> MAX_TABS = declare(
            "maxTabs",
            LIMITS,
            new Count(1, Integer.MAX_VALUE, ""),
            100_000,
            "how many tabs the runtime keeps state for at once",
            "A tab's state is its `RealtimeSession.attributes()`. A new tab beyond it makes room by dropping the"
                    + " state of the least recently used tab that has no connection, tabs used only once first;"
                    + " a dropped tab that comes back starts with empty attributes. Only when every tab is connected"
                    + " is a new one refused with `503 too_many_tabs` (WebSocket: close `1013`).",
            "50000");
    static final Setting<Integer> MAX_TABS_PER_SESSION = declare(
            "maxTabsPerSession",
            LIMITS,
            new Count(1, Integer.MAX_VALUE, ""),
            100,
            "how many tabs one HTTP session may have state for at once",
            "A new tab beyond it is refused with `429 too_many_tabs` and `Retry-After` (WebSocket: close `1013`)"
                    + " until one of the session's tabs expires or is dropped; other sessions are not affected.",
            "20");
    static final Setting<Integer> MAX_TABS_PER_ADDRESS = declare(
            "maxTabsPerAddress",
            LIMITS,
            new Count(1, Integer.MAX_VALUE, ""),
            5000,
            "how many tabs one client address may have state for at once",
            "Counted by the address `trustedProxies` tells (an IPv6 client by its `/64`). A new tab beyond it is"
                    + " refused with `429 too_many_tabs` and `Retry-After`; other addresses are not affected.",
            "1000");
    static final Setting<Integer> CONNECT_RATE = declare(
            "connectRate",
            LIMITS,
            new Count(1, 1_000_000, ""),
            100,
            "how many connection attempts a second one client address may make on average",
            "Negotiations, Server-Sent Events streams, long-polls and WebSocket handshakes each take a token from"
                    + " the address's bucket, which holds `connectBurst`; beyond it they are answered `429"
                    + " too_many_requests` with `Retry-After`. Other addresses are not affected.",
            "20");
    static final Setting<Integer> CONNECT_BURST = declare(
            "connectBurst",
            LIMITS,
            new Count(1, 1_000_000, ""),
            500,
            "how many connection attempts one client address may make at once before `connectRate` paces it",
            "",
            "100");
    static final Setting<Integer> UPLINK_RATE = declare(
            "uplinkRate",
            LIMITS,
            new Count(1, 1_000_000, ""),
            100,
            "how many uplink requests a second one client address may make on average",
            "`POST` messages to `@Duplex` endpoints, `DELETE`s that stop runs and the control `POST`s of shared"
                    + " connections each take a token from the address's bucket, which holds `uplinkBurst`; beyond"
                    + " it they are answered `429 too_many_requests` with `Retry-After`, and change nothing. Other"
                    + " addresses are not affected. Messages over a WebSocket are bounded by `inboundQueue` instead.",
            "20");
    static final Setting<Integer> UPLINK_BURST = declare(
            "uplinkBurst",
            LIMITS,
            new Count(1, 1_000_000, ""),
            500,
            "how many uplink requests one client address may make at once before `uplinkRate` paces it",
            "",
            "100");
    static final Setting<Integer> MAX_TAB_ATTRIBUTES = declare(
            "maxTabAttributes",
            LIMITS,
            new Count(1, 10_000, ""),
            64,
            "how many attributes one tab's `RealtimeSession.attributes()` may hold",
            "Adding one more throws `IllegalStateException`.",
            "16");

    static final Setting<Set<String>> ALLOWED_ORIGINS = declare(
            "allowedOrigins",
            IDENTITY,
            Format.Names.origins(),
            Set.of(),
            "the origins allowed besides the application's own",
            "A listed origin may use every transport, with CORS and credentials on the HTTP ones. `*` allows every"
                    + " origin (CORS without credentials): never right for endpoints that use cookies.",
            "https://app.example.com, https://admin.example.com",
            "none: same-origin only");
    static final Setting<Set<String>> ALLOWED_HOSTS = declare(
            "allowedHosts",
            IDENTITY,
            Format.Names.hosts(),
            Set.of(),
            "the host names the application answers to, when it should answer to no other",
            "A request whose `Host` header names another host is refused like a foreign origin (`403`"
                    + " `origin_refused`, before any upgrade), whatever its `Origin`: this defends endpoints that need"
                    + " no cookie against DNS rebinding, where a page of another site reaches the server under that"
                    + " site's name. Write each host as browsers send it: with its port unless it is 80 or 443.",
            "app.example.com, app.example.com:8443",
            "none: any host");
    static final Setting<List<String>> TRUSTED_PROXIES = declare(
            "trustedProxies",
            IDENTITY,
            new Proxies(),
            ClientAddresses.LOOPBACK,
            "the reverse proxies whose `Forwarded` and `X-Forwarded-For` headers name the client",
            "Per-client limits count by the client's address: the connection's peer, or, when the peer is one of"
                    + " these, the address the proxies name, read from the right. Such headers from anyone else are"
                    + " ignored. Behind a proxy that is not listed, every client shares the proxy's limits.",
            "10.0.0.0/8, 192.168.0.0/16",
            "the loopback: `127.0.0.0/8, ::1`");
    static final Setting<List<TokenKey>> TOKEN_KEYS = declare(
            "tokenKeys",
            IDENTITY,
            new Keys(),
            List.of(),
            "the keys of tab tokens, the signing key first",
            "Every key verifies, so a key is rotated by putting a new one first and keeping the old one for as long"
                    + " as its tokens live (`tokenLifetime`). Without keys each runtime signs with a random key of its"
                    + " own, which suits one node; several nodes serving one application need the same keys, or a"
                    + " token issued by one is refused by the others. Keep them out of the WAR: in the container's"
                    + " configuration of the context, or the environment. The startup summary shows their ids alone.",
            "2026-01:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
            "none: a random key per start");
    static final Setting<Duration> TOKEN_LIFETIME = declare(
            "tokenLifetime",
            IDENTITY,
            new Span(Duration.ofDays(365)),
            Duration.ofHours(24),
            "how long a tab token is accepted after it is issued",
            "A client negotiating with a token still accepted gets a fresh one for the same tab; a client holding"
                    + " an expired one is refused and negotiates a new tab.",
            "8h");
    static final Setting<Duration> TAB_IDLE_TIMEOUT = declare(
            "tabIdleTimeout",
            IDENTITY,
            new Span(null),
            Duration.ofMinutes(30),
            "how long a tab's state is kept once it has no connection and no request in progress",
            "After it the attributes are gone; the tab id stays that of its token.",
            "2h");

    static final Setting<Boolean> TAB_ATTRIBUTES_ACROSS_NODES = declare(
            "tabAttributesAcrossNodes",
            IDENTITY,
            new Flag(),
            true,
            "whether a tab's attributes follow it to every node, when the backplane keeps them",
            "With a backplane that offers it (`RedisBackplane` does), every change to `RealtimeSession.attributes()`"
                    + " is written through to the backplane, and a tab that reconnects to another node finds its"
                    + " attributes there; values must then be a `String`, `Boolean`, `Integer`, `Long` or `Double` of"
                    + " at most 4 KiB (others throw `IllegalArgumentException`), and a change that the backplane cannot"
                    + " take throws `IllegalStateException` (docs/scaling.md, \"Tab attributes\"). Off, or with the"
                    + " in-memory backplane, each node keeps the attributes of the tabs it serves.",
            "false");
    static final Setting<Integer> WORKER_THREADS = declare(
            "workerThreads",
            SERVICES,
            new Count(1, 10_000, ""),
            64,
            "how many platform threads run application methods on Java 17 to 20",
            "On Java 21 and later application methods run on virtual threads and this is ignored.",
            "128");
    static final Setting<Boolean> HEALTH_ENDPOINT = declare(
            "healthEndpoint",
            SERVICES,
            new Flag(),
            false,
            "whether the runtime answers readiness at `/realtime/health` for load balancers",
            "`GET` answers `200` when the node is ready (running, not draining, its backplane reachable when last"
                    + " probed, about once a second) and `503` otherwise, with a JSON body that holds no secret"
                    + " (docs/observability.md, \"Health\"). Anyone who reaches the application can read it.",
            "true");
    static final Setting<Set<String>> ADMIN_ROLES = declare(
            "adminRoles",
            SERVICES,
            Format.Names.roles(),
            Set.of(),
            "who may open the live admin page at `/realtime/admin`: these servlet roles, and the users written"
                    + " `user:NAME`",
            "Empty, the page and its feed do not exist (`404`). Otherwise a request whose user is in none of these"
                    + " roles and is none of these users, or has no user, is refused `403 forbidden` with a JSON body;"
                    + " the page shows connections by transport, the busiest topics with their subscribers and rates,"
                    + " refusals, resets and slow consumers, for every node of the backplane (docs/observability.md,"
                    + " \"Admin page\").",
            "ops, user:alice",
            "none: no admin page");
    static final Setting<ObjectMapper> OBJECT_MAPPER = declare(
            "objectMapper",
            SERVICES,
            new Instance<>("ObjectMapper", "the mapper; it must not be reconfigured afterwards"),
            Json.defaultMapper(),
            "the Jackson mapper used for every event and message",
            "Give the application's own to have its modules and settings apply. It must not be reconfigured once"
                    + " the runtime uses it.",
            "new ObjectMapper().findAndRegisterModules()",
            "a `new ObjectMapper()` with the `java.time` and `Optional` modules (jackson-datatype-jsr310 and -jdk8),"
                    + " writing dates as ISO-8601 text and ignoring unknown properties");
    static final Setting<Backplane> BACKPLANE = declare(
            "backplane",
            SERVICES,
            new Instance<>("Backplane", "the backplane"),
            null,
            "the backplane that orders and stores events",
            "The runtime closes it when the application stops. Several nodes share topics through one, such as"
                    + " `RedisBackplane` (module `realtime-redis`).",
            "RedisBackplane.create(\"redis://redis.internal:6379\")",
            "empty: the in-memory backplane, for a single node");
    static final Setting<Function<Class<?>, Object>> SERVICE_FACTORY = declare(
            "serviceFactory",
            SERVICES,
            new Instance<>("Function<Class<?>, Object>", "returns an instance of the given class"),
            null,
            "what creates the service instances of endpoint classes given as classes",
            "Without one the runtime calls a public constructor whose parameters are `io.realtime.Topics` and/or"
                    + " the application's `jakarta.servlet.ServletContext` (each at most once, in any order), or one"
                    + " without parameters; where the platform has CDI (Jakarta EE platforms such as WildFly), a class"
                    + " that is an `@ApplicationScoped`, `@Singleton` or `@Dependent` bean comes from the application's"
                    + " CDI container instead, and `Topics` is a bean there too. Set it to take instances from another"
                    + " dependency injection container (Spring); it then replaces both.",
            "applicationContext::getBean",
            "empty: the runtime calls a public constructor");

    /** Every setting, in the order of the docs; a setting's index is its place here. */
    static final List<Setting<?>> ALL = List.copyOf(DECLARED);

    private Settings() {}

    private static <T> Setting<T> declare(
            String name,
            Setting.Group group,
            Format<T> format,
            T initial,
            String summary,
            String details,
            String example) {
        return declare(name, group, format, initial, summary, details, example, null);
    }

    private static <T> Setting<T> declare(
            String name,
            Setting.Group group,
            Format<T> format,
            T initial,
            String summary,
            String details,
            String example,
            String shownDefault) {
        Setting<T> setting =
                new Setting<>(DECLARED.size(), name, group, format, initial, shownDefault, summary, details, example);
        DECLARED.add(setting);
        return setting;
    }

    /** @return {@code name=value} of each setting whose value differs from its default, secrets left out */
    static String changed(Object[] values) {
        StringJoiner changed = new StringJoiner(", ");
        for (Setting<?> setting : ALL) {
            show(setting, values[setting.index()], changed);
        }
        return changed.toString();
    }

    private static <T> void show(Setting<T> setting, Object stored, StringJoiner changed) {
        T value = setting.cast(stored);
        if (!Objects.equals(value, setting.initial())) {
            changed.add(setting.name() + "=" + setting.format().show(value));
        }
    }

    /** @return a new array of every setting's default, at the settings' indexes */
    static Object[] defaults() {
        return ALL.stream().map(Setting::initial).toArray();
    }
}
